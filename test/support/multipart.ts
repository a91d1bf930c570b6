/** A multipart/form-data body as a browser's FormData sends it (fields, and optionally one file), for HTTP tests. */
export function multipart(fields: Array<[string, string]>, file?: { name: string; filename: string }) {
  const boundary = '----kagoTestBoundary7MA4YWxkTrZu0gW';
  const parts = fields.map(
    ([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
  );
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: text/plain\r\n\r\nhello\r\n`,
    );
  return {
    body: `${parts.join('')}--${boundary}--\r\n`,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}
