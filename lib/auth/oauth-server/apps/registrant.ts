// Who stands behind an app, in words: the person who registered it, or, for an app Gatehouse has
// never seen (lib/auth/policy.ts UNKNOWN_APP_RULES), that nobody here did. An admin reviewing it and
// a person deciding whether to let it in read this, so an app that named itself can never pass for
// one a colleague registered.

type Registered = {
  id: string;
  source: string;
  registeredFrom: string | null;
  owner: { email: string; name?: string | null } | null;
};

function documentHost(app: Registered): string {
  return URL.parse(app.id)?.host ?? app.id;
}

/** For the admin panel: the owner's email, or how the app came. */
export function registrantForAdmin(app: Registered): string {
  if (app.owner) return app.owner.email;
  if (app.source === "document") return `its own metadata document at ${documentHost(app)}`;
  return `itself (dynamic registration${app.registeredFrom ? ` from ${app.registeredFrom}` : ""})`;
}

/** For the consent page and Connected apps: who registered it, as people here know them. */
export function registrantForPeople(app: Registered): string {
  if (app.owner) return `Registered by ${app.owner.name || app.owner.email}`;
  if (app.source === "document")
    return `Described by ${documentHost(app)} itself: nobody in your organisation registered it`;
  return "Registered itself: nobody in your organisation registered it";
}
