import { describe, expect, it } from "vitest";
import { ByteToken } from "../../../src/types/json-iterator/byte-token.js";

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.length);

describe("ByteToken", () => {
  it("finds a token of any length at any position, and nothing else", () => {
    const text = Buffer.from('xx"name":"id":"a":"":"a_rather_long_key_name":yy');
    for (const token of [
      '"name":',
      '"id":',
      '"a":',
      '"":',
      '"a_rather_long_key_name":',
      "x",
      "yy",
    ]) {
      const bytes = Buffer.from(token);
      const matcher = new ByteToken(new Uint8Array(bytes));
      const at = text.indexOf(bytes);
      for (let pos = 0; pos < text.length; pos++) {
        const expected = text.subarray(pos, pos + bytes.length).equals(bytes);
        expect(matcher.matches(view(text), text, pos), `${token} at ${pos}`).toBe(expected);
      }
      expect(matcher.matches(view(text), text, at)).toBe(true);
    }
  });

  it("tells apart tokens that differ in any one byte", () => {
    const token = Buffer.from('"abcdefghij":');
    const matcher = new ByteToken(new Uint8Array(token));
    for (let i = 0; i < token.length; i++) {
      const changed = Buffer.from(token);
      changed[i] = (changed[i] as number) ^ 0x20;
      expect(matcher.matches(view(changed), changed, 0), `byte ${i}`).toBe(false);
    }
    expect(matcher.matches(view(token), token, 0)).toBe(true);
  });

  it("does not match past the end of the bytes", () => {
    const matcher = new ByteToken(new Uint8Array(Buffer.from('"name":')));
    const cut = Buffer.from('{"name"');
    expect(matcher.matches(view(cut), cut, 1)).toBe(false);
  });
});
