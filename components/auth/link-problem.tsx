import Link from "next/link";
import { Alert } from "@/components/ui/alert";
import { buttonClasses } from "@/components/ui/button";

/** The page a link leads to when it cannot be used: what went wrong, and where to get a new one. */
export function LinkProblem({
  title,
  message,
  next,
}: {
  title: string;
  message: string;
  next: { href: string; label: string };
}) {
  return (
    <div className="space-y-6" data-testid="link-problem">
      <h1 className="text-2xl font-bold tracking-tight">{title}</h1>
      <Alert tone="error">{message}</Alert>
      <Link href={next.href} className={buttonClasses("primary")}>
        {next.label}
      </Link>
    </div>
  );
}
