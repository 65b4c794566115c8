import { redirect } from "next/navigation";
import { z } from "zod";
import { OAUTH_MOUNT_PATH } from "@/lib/auth/oauth-server/resources";

// The short address a TV or a command-line tool tells people to open: the OAuth server's device page.
const searchSchema = z.object({
  user_code: z
    .string()
    .max(32)
    .regex(/^[\w-]*$/)
    .optional()
    .catch(undefined),
});

export default async function DevicePage({ searchParams }: PageProps<"/device">) {
  const { user_code: userCode } = searchSchema.parse(await searchParams);
  redirect(`${OAUTH_MOUNT_PATH}/device${userCode ? `?user_code=${encodeURIComponent(userCode)}` : ""}`);
}
