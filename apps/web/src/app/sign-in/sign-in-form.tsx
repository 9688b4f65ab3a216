"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { Alert, AlertDescription } from "../../components/ui/alert";
import { Button } from "../../components/ui/button";
import { Input } from "../../components/ui/input";
import { Label } from "../../components/ui/label";

const MESSAGES: Record<number, string> = {
  401: "That email and password do not match.",
  403: "That email and password do not match.",
  429: "Too many attempts. Wait a minute, then try again.",
};

/**
 * Posts to better-auth's own endpoint (not a server action), so its per-address rate limit and
 * origin check apply to every attempt.
 */
export function SignInForm({ next, google }: { next: string; google: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [pending, setPending] = useState(false);

  // onSubmit, not a form action: React resets a form after its action, which would clear the
  // email the merchant typed when the password was wrong.
  async function signIn(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(undefined);
    try {
      const response = await fetch("/api/auth/sign-in/email", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
      });
      if (response.ok) {
        router.replace(next);
        router.refresh();
        return;
      }
      setError(MESSAGES[response.status] ?? "Signing in failed. Try again in a moment.");
    } catch {
      setError("The dashboard cannot be reached. Check your connection and try again.");
    } finally {
      setPending(false);
    }
  }

  async function signInWithGoogle() {
    const response = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "google", callbackURL: next }),
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    if (response.ok && body.url) window.location.assign(body.url);
    else setError(MESSAGES[response.status] ?? "Google sign-in is not available right now.");
  }

  return (
    <form onSubmit={signIn} className="grid gap-4">
      {error !== undefined && (
        <Alert variant="destructive" role="alert">
          <AlertDescription>{error}</AlertDescription>
        </Alert>
      )}
      <div className="grid gap-2">
        <Label htmlFor="email">Email</Label>
        <Input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="grid gap-2">
        <Label htmlFor="password">Password</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
        />
      </div>
      <Button type="submit" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </Button>
      {google && (
        <Button type="button" variant="outline" onClick={signInWithGoogle}>
          Sign in with Google
        </Button>
      )}
    </form>
  );
}
