#!/usr/bin/env node
// `npm run totp -- <key>`: the code an authenticator app would show now for a key from the setup page
// (Settings → Two-step sign-in), for trying the demo without a phone. Development convenience only:
// anyone with the key can make codes, which is why the key is shown once and stored sealed.
import { Secret, TOTP } from "otpauth";

const key = process.argv.slice(2).join("").replace(/\s+/g, "").toUpperCase();
if (!/^[A-Z2-7]{16,}$/.test(key)) {
  console.error("Usage: npm run totp -- <key>   (the key shown under the QR code, spaces allowed)");
  process.exit(2);
}
const totp = new TOTP({ secret: Secret.fromBase32(key), algorithm: "SHA1", digits: 6, period: 30 });
const secondsLeft = 30 - (Math.floor(Date.now() / 1000) % 30);
console.log(`${totp.generate()}  (changes in ${secondsLeft} s; each code works once)`);
