/** The owner's Markdown cannot put markup or script on the shop's pages: raw HTML is text, dangerous links are not links. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderMarkdown } from './markdown.js';

describe('policy Markdown', () => {
  it('renders what owners write: headings, paragraphs, lists, links', () => {
    assert.equal(
      renderMarkdown('# Terms\n\nHello *you*.\n\n- one\n- [two](https://shop.example/two)\n'),
      '<h1>Terms</h1>\n<p>Hello <em>you</em>.</p>\n<ul>\n<li>one</li>\n<li><a href="https://shop.example/two">two</a></li>\n</ul>\n',
    );
  });

  it('shows raw HTML as text: no <script>, no tags with handlers', () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script>\n\n<img src=x onerror="alert(1)">\n\n<a href="javascript:alert(1)">x</a>',
    );
    assert.doesNotMatch(html, /<script|<img|<a /);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=&quot;alert\(1\)&quot;&gt;/);
  });

  it('makes no link of javascript:, vbscript:, file: or data:text URLs, however written', () => {
    for (const text of [
      '[x](javascript:alert(1))',
      '[x](JaVaScRiPt:alert(1))',
      '[x](  javascript:alert(1))',
      '<javascript:alert(1)>',
      '[x](vbscript:msgbox(1))',
      '[x](file:///etc/passwd)',
      '[x](data:text/html,<script>alert(1)</script>)',
    ]) {
      const html = renderMarkdown(text);
      assert.doesNotMatch(html, /href=/i, text);
      assert.doesNotMatch(html, /<script/i, text);
    }
    // An entity-hidden tab comes out percent-encoded: a relative link on this shop, as a browser reads it.
    const [, href] = /href="([^"]*)"/.exec(renderMarkdown('[x](java&#x09;script:alert(1))'))!;
    assert.equal(new URL(href!, 'https://shop.example/policies/terms-of-service').origin, 'https://shop.example');
  });

  it("leaves out HTML comments (the example files' instructions), closed or not", () => {
    assert.equal(renderMarkdown('<!-- note for the owner -->\nShown\n<!-- unclosed'), '<p>Shown</p>\n');
  });
});
