/**
 * An app's logo, or its initial when it has none. The image is the owner's https address, loaded by
 * the browser (never fetched by our server, which would let anyone point it at our own network); only
 * the pages that show logos allow https images (lib/http/security-headers.ts), and no referrer goes
 * with the request.
 */
export function AppLogo({ name, logoUrl, size = 40 }: { name: string; logoUrl: string | null; size?: number }) {
  const box = { width: size, height: size };
  if (logoUrl)
    return (
      // next/image would fetch the address from our server; the browser loading it is the point.
      // eslint-disable-next-line @next/next/no-img-element
      <img
        src={logoUrl}
        alt=""
        {...box}
        referrerPolicy="no-referrer"
        className="shrink-0 rounded-md border border-slate-200 object-cover dark:border-slate-700"
        data-testid="app-logo"
      />
    );
  return (
    <span
      aria-hidden="true"
      style={box}
      className="flex shrink-0 items-center justify-center rounded-md bg-indigo-100 font-semibold text-indigo-800 dark:bg-indigo-950 dark:text-indigo-200"
    >
      {name.trim().charAt(0).toUpperCase() || "?"}
    </span>
  );
}
