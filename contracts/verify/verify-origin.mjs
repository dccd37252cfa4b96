#!/usr/bin/env node
// Checks a BalkanHub item's proof of origin with the sender's public key alone, using nothing but
// Node's built-in crypto: a recipient or the Commission can verify an item independently of the hub.
//
//   node verify-origin.mjs TRUSTED_KEYS.json MESSAGE.json COUNTRY
//
// TRUSTED_KEYS.json: {"keys": [{"country": "GR", "keyId": "...", "publicKey": "-----BEGIN PUBLIC KEY-----..."}]}
// MESSAGE.json: the signed message, as relayed (an inbox item's "payload").
// Prints "valid" and exits 0, or prints why not and exits 1. The canonical form is described in SIGNING.md.
import { readFileSync } from 'node:fs';
import { createPublicKey, verify } from 'node:crypto';

function withoutNulls(value) {
  if (Array.isArray(value)) return value.map(withoutNulls);
  if (value !== null && typeof value === 'object') {
    const result = {};
    for (const [key, member] of Object.entries(value)) {
      if (member !== null) result[key] = withoutNulls(member);
    }
    return result;
  }
  return value;
}

// RFC 8785: JSON.stringify already writes numbers and strings the way the RFC asks; members are sorted
// by UTF-16 code units, which is what Array.prototype.sort does with strings.
function canonicalize(value) {
  if (Array.isArray(value)) return '[' + value.map(canonicalize).join(',') + ']';
  if (value !== null && typeof value === 'object') {
    return '{' + Object.keys(value).sort().map(key => JSON.stringify(key) + ':' + canonicalize(value[key])).join(',') + '}';
  }
  return JSON.stringify(value);
}

const [trustedPath, messagePath, country] = process.argv.slice(2);
if (!trustedPath || !messagePath || !country) {
  console.error('usage: node verify-origin.mjs TRUSTED_KEYS.json MESSAGE.json COUNTRY');
  process.exit(2);
}
const message = JSON.parse(readFileSync(messagePath, 'utf8'));
const signature = message.signature;
if (!signature) {
  console.log('not signed');
  process.exit(1);
}
const key = JSON.parse(readFileSync(trustedPath, 'utf8')).keys.find(k => k.country === country && k.keyId === signature.keyId);
if (!key) {
  console.log(`key ${signature.keyId} is not a trusted key of ${country}`);
  process.exit(1);
}
if (signature.algorithm !== 'ES256') {
  console.log(`unsupported algorithm ${signature.algorithm}`);
  process.exit(1);
}
const { signature: _omitted, ...signed } = message;
const bytes = Buffer.from(canonicalize(withoutNulls(signed)), 'utf8');
const ok = verify('sha256', bytes, { key: createPublicKey(key.publicKey), dsaEncoding: 'ieee-p1363' }, Buffer.from(signature.value, 'base64url'));
console.log(ok ? 'valid' : 'invalid: the message was changed after signing, or signed by another key');
process.exit(ok ? 0 : 1);
