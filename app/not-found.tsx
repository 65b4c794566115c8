import Link from "next/link";
import { buttonClasses } from "@/components/ui/button";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg space-y-4 text-center">
      <p className="text-sm font-semibold text-indigo-600 dark:text-indigo-400">404</p>
      <h1 className="text-3xl font-bold tracking-tight">Page not found</h1>
      <p className="text-slate-600 dark:text-slate-400">The page you asked for does not exist or has moved.</p>
      <Link href="/" className={buttonClasses("primary")}>
        Go home
      </Link>
    </div>
  );
}
