import { z } from "zod";
import { linkTokenSchema } from "@/lib/auth/credentials/schemas";

export const linkFormSchema = z.object({ token: linkTokenSchema });
