/** Product names break between Japanese phrases: a <wbr> at each BudouX boundary, the text escaped, segmented once. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDefaultJapaneseParser } from 'budoux';
import { Phrases, phrasesHtml, phrasesOf } from './phrases.js';

describe('phrases', () => {
  it('puts a <wbr> between the phrases of Japanese text, and nothing into other text', () => {
    assert.equal(String(<Phrases text="招き猫の置物" />), '招き猫の<wbr/>置物');
    assert.equal(String(<Phrases text="Cast iron teapot" />), 'Cast iron teapot');
    assert.equal(String(<Phrases text="今日は天気です。" />), '今日は<wbr/>天気です。');
  });

  it('escapes the text around the breaks', () => {
    assert.equal(String(<Phrases text={'<b>招き猫の置物</b> & "x"'} />).includes('<b>'), false);
    assert.match(String(<Phrases text={'<b>招き猫の置物</b>'} />), /&lt;b&gt;招き猫の<wbr\/>置物&lt;\/b&gt;/);
  });

  it('segments a text once', () => {
    assert.equal(phrasesHtml('招き猫の置物'), phrasesHtml('招き猫の置物'));
    assert.equal(String(phrasesHtml('招き猫の置物')), phrasesOf('招き猫の置物').join('<wbr/>'));
  });

  it('finds the phrases BudouX’s own Japanese parser finds (its parser and model are loaded by path)', () => {
    const budoux = loadDefaultJapaneseParser();
    for (const text of ['招き猫の置物', '南部鉄器の急須（0.6L）', '手ぬぐい 富士山柄', 'ほうじ茶ティーバッグ20個入り'])
      assert.deepEqual(phrasesOf(text), budoux.parse(text));
  });
});
