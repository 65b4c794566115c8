import { SectionHeader } from "@/components/ui/section-nav";

const SETTINGS_NAV = {
  label: "Settings",
  links: [
    { href: "/settings/account", label: "Account" },
    { href: "/settings/security", label: "Two-step sign-in" },
    { href: "/settings/sessions", label: "Sessions" },
    { href: "/settings/accounts", label: "Sign-in methods" },
    { href: "/settings/tokens", label: "API tokens" },
    { href: "/settings/connected-apps", label: "Connected apps" },
    { href: "/settings/apps", label: "OAuth apps" },
  ],
};

export function SettingsHeader({
  current,
  title,
  description,
}: {
  current: string;
  title: string;
  description: React.ReactNode;
}) {
  return <SectionHeader nav={SETTINGS_NAV} current={current} title={title} description={description} />;
}
