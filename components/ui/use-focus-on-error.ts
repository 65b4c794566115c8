"use client";

import { useEffect, type RefObject } from "react";
import type { FormState } from "@/lib/forms/form-state";

/**
 * After a refused submit, focus goes to the first field in error (or, with none, the form's message),
 * so a keyboard or screen-reader user lands where the fix is needed rather than at the top of the page.
 */
export function useFocusOnError(form: RefObject<HTMLFormElement | null>, state: FormState) {
  useEffect(() => {
    if (state.status !== "error") return;
    const target =
      form.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ??
      form.current?.querySelector<HTMLElement>('[role="alert"]');
    if (!target) return;
    if (!target.matches("input, select, textarea, button") && !target.hasAttribute("tabindex"))
      target.setAttribute("tabindex", "-1");
    target.focus();
  }, [form, state]);
}
