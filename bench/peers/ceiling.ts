/**
 * The ceiling peer: bare node:http answering every request with one fixed small HTML page (about the size of a
 * short storefront page head). Nothing an app does costs less on this machine, so kago's figures are read
 * as a fraction of this one. `node --import tsx bench/peers/ceiling.ts <port>`.
 */
import { createServer } from 'node:http';

const PAGE = Buffer.from(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>kago</title></head>
<body><header><a href="/">kago</a> <a href="/cart">Cart 0</a></header>
<main><h1>Products</h1><p>A fixed page: the fastest answer this machine gives over HTTP from Node.</p></main>
</body></html>
`);

const port = Number(process.argv[2] ?? 0);
const server = createServer((request, response) => {
  request.resume(); // drain any body (the POST scenarios send none, but be correct)
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': PAGE.length });
  response.end(PAGE);
});
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1', () => {
  const address = server.address();
  console.log(`ceiling listening on ${typeof address === 'object' && address ? address.port : port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
