// npm run oauth:rotate-keys: a new key for signing ID tokens. Running instances notice within a
// minute and sign with it; the previous keys stay published, so what they signed keeps verifying.
import { rotateSigningKeys } from "@/lib/auth/oauth-server/signing-keys";

rotateSigningKeys().then(
  ({ kid, published }) => {
    console.log(
      `New signing key ${kid}; ${published} keys are published. Running instances sign with it within a minute.`,
    );
    process.exit(0);
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
