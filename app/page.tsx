import { Home } from "@/components/home";
import { getCurrentPerson } from "@/lib/auth/session/current-person";

export default async function HomePage() {
  return <Home signedIn={(await getCurrentPerson()) !== null} />;
}
