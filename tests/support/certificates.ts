import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/**
 * A throw-away certificate for https on localhost (openssl, from Debian), for servers a test runs on
 * this machine in the place of one on the internet: a client ID metadata document's host, say. Trust
 * it with NODE_EXTRA_CA_CERTS=certPath (a server process) or tls.setDefaultCACertificates (this one).
 */
export function localhostCertificate() {
  const dir = mkdtempSync(path.join(tmpdir(), "gatehouse-cert-"));
  const keyPath = path.join(dir, "key.pem");
  const certPath = path.join(dir, "cert.pem");
  execFileSync(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "1"],
      ...["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost", "-keyout", keyPath, "-out", certPath],
    ],
    { stdio: "ignore" },
  );
  return {
    certPath,
    key: readFileSync(keyPath),
    cert: readFileSync(certPath, "utf8"),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
