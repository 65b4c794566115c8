import { z } from "zod";

export const endOwnSessionSchema = z.object({ sid: z.uuid({ error: "That session is not valid." }) });
