import * as assert from 'node:assert/strict';
import { CodePointMap, LineMap, codePointLength, stripBom } from '../../src/core/text/text';

describe('text', () => {
  describe('CodePointMap', () => {
    it('is the identity on BMP text', () => {
      const text = 'Kuleba: “peace formula”, ‘ok’ — Zelenskyy';
      const map = new CodePointMap(text);
      assert.equal(map.isIdentity, true);
      assert.equal(map.length, text.length);
      for (let i = 0; i <= text.length; i++) {
        assert.equal(map.toCodePoint(i), i);
        assert.equal(map.toUtf16(i), i);
      }
      assert.equal(map.slice(8, 23), '“peace formula”');
    });

    it('counts an astral emoji as one code point and two UTF-16 units', () => {
      // UTF-16 units: a=0, 😀=1..2, b=3, 🇺🇦=4..7 (two regional indicators), c=8
      const text = 'a😀b🇺🇦c';
      const map = new CodePointMap(text);
      assert.equal(text.length, 9);
      assert.equal(map.isIdentity, false);
      assert.equal(map.length, 6);
      const utf16ToCp: Array<[number, number]> = [[0, 0], [1, 1], [3, 2], [4, 3], [6, 4], [8, 5], [9, 6]];
      for (const [u, c] of utf16ToCp) {
        assert.equal(map.toCodePoint(u), c, `toCodePoint(${u})`);
        assert.equal(map.toUtf16(c), u, `toUtf16(${c})`);
      }
      assert.equal(map.slice(1, 2), '😀');
      assert.equal(map.slice(2, 3), 'b');
      assert.equal(map.slice(3, 5), '🇺🇦');
      assert.equal(map.slice(0, 6), text);
    });

    it('rounds an offset inside a surrogate pair down to the start of the character', () => {
      const map = new CodePointMap('x😀y🎉');
      // 😀 occupies UTF-16 units 1..2; unit 2 is its low surrogate.
      assert.equal(map.toCodePoint(2), 1);
      assert.equal(map.toUtf16(map.toCodePoint(2)), 1);
      // 🎉 occupies units 4..5.
      assert.equal(map.toCodePoint(5), 3);
      assert.equal(map.toCodePoint(6), 4);
    });

    it('round-trips every code-point offset and every non-split UTF-16 offset', () => {
      const text = '😀😀 ab 𝔘𝔫𝔦 ç\n🙂x';
      const map = new CodePointMap(text);
      const chars = [...text];
      assert.equal(map.length, chars.length);
      let u = 0;
      for (let c = 0; c <= chars.length; c++) {
        assert.equal(map.toUtf16(c), u, `toUtf16(${c})`);
        assert.equal(map.toCodePoint(u), c, `toCodePoint(${u})`);
        if (c < chars.length) {
          assert.equal(map.slice(c, c + 1), chars[c]);
          u += chars[c]!.length;
        }
      }
    });

    it('treats lone surrogates as one code point each, like the string iterator', () => {
      const text = 'a\uD800b\uDC00c';
      const map = new CodePointMap(text);
      assert.equal(map.length, 5);
      assert.equal(map.length, [...text].length);
      assert.equal(map.toUtf16(3), 3);
      assert.equal(map.slice(1, 2), '\uD800');
    });

    it('handles the empty string', () => {
      const map = new CodePointMap('');
      assert.equal(map.length, 0);
      assert.equal(map.toCodePoint(0), 0);
      assert.equal(map.toUtf16(0), 0);
      assert.equal(map.slice(0, 0), '');
    });
  });

  describe('codePointLength', () => {
    it('counts code points', () => {
      assert.equal(codePointLength(''), 0);
      assert.equal(codePointLength('abc'), 3);
      assert.equal(codePointLength('“hi”'), 4);
      assert.equal(codePointLength('😀'), 1);
      assert.equal(codePointLength('a😀b🎉'), 4);
      assert.equal(codePointLength('e\u0301'), 2); // e + combining acute: two code points
      assert.equal(codePointLength('\u00e9'), 1);
    });
  });

  describe('stripBom', () => {
    it('removes one leading byte-order mark only', () => {
      assert.equal(stripBom('\uFEFF date 2023-11-04'), ' date 2023-11-04');
      assert.equal(stripBom('\uFEFF\uFEFFx'), '\uFEFFx');
      assert.equal(stripBom('x\uFEFF'), 'x\uFEFF');
      assert.equal(stripBom(''), '');
      assert.equal(stripBom('plain'), 'plain');
    });
  });

  describe('LineMap', () => {
    it('maps offsets to zero-based lines and columns', () => {
      const lines = new LineMap('ab\ncde\n\nf');
      assert.deepEqual(lines.position(0), { line: 0, column: 0 });
      assert.deepEqual(lines.position(2), { line: 0, column: 2 });
      assert.deepEqual(lines.position(3), { line: 1, column: 0 });
      assert.deepEqual(lines.position(5), { line: 1, column: 2 });
      assert.deepEqual(lines.position(7), { line: 2, column: 0 });
      assert.deepEqual(lines.position(8), { line: 3, column: 0 });
      assert.deepEqual(lines.position(9), { line: 3, column: 1 });
    });

    it('counts columns and line starts in code points', () => {
      // line 0: "😀a" (2 code points) + \n; line 1 starts at code point 3.
      const lines = new LineMap('😀a\nb😀c');
      assert.deepEqual(lines.position(1), { line: 0, column: 1 });
      assert.deepEqual(lines.position(3), { line: 1, column: 0 });
      assert.deepEqual(lines.position(5), { line: 1, column: 2 });
    });

    it('keeps \\r in the column count of CRLF lines', () => {
      const lines = new LineMap('ab\r\ncd');
      assert.deepEqual(lines.position(2), { line: 0, column: 2 });
      assert.deepEqual(lines.position(4), { line: 1, column: 0 });
    });
  });
});
