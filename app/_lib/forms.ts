import "@/app/_lib/zod-browser";
import { zodResolver } from "@hookform/resolvers/zod";
import { useForm, type FieldErrors, type FieldValues, type UseFormProps, type UseFormReturn } from "react-hook-form";
import { z } from "zod";
import { errorMessage } from "@/app/_lib/api-client";

// Forms are react-hook-form with the zod resolver, on the routes' own schemas: a form schema is
// the route's request schema, read from what inputs hold (text, lines of a textarea) and checked
// with the same grammar the server's action applies (the reference grammar, Dockerfile changes).

/**
 * A form validated by `schema` as the user types; `handleSubmit` hands over the schema's output,
 * which is the request body (or query) as the route expects it.
 *
 * @example const form = useZodForm(tagFormSchema, { defaultValues: { repo: "", tag: "latest" } })
 */
export function useZodForm<S extends z.ZodType<FieldValues, FieldValues>>(
  schema: S,
  options: Omit<UseFormProps<z.input<S>, unknown, z.output<S>>, "resolver"> = {},
): UseFormReturn<z.input<S>, unknown, z.output<S>> {
  return useForm<z.input<S>, unknown, z.output<S>>({ mode: "onChange", ...options, resolver: zodResolver(schema) });
}

/**
 * A refinement from a validator that throws a sentence naming the bad part (the reference grammar,
 * `validateChanges`): its sentence becomes the field's problem.
 *
 * @example tagImageBodySchema.shape.repo.superRefine(grammar(validateRepository))
 */
export function grammar<T>(validate: (value: T) => unknown): (value: T, context: z.RefinementCtx) => void {
  return (value, context) => {
    try {
      validate(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: errorMessage(error) });
    }
  };
}

/** A text input for a required string field: trimmed, then checked by the route's schema. */
export function text<S extends z.ZodType<unknown, string>>(schema: S) {
  return z.string().trim().pipe(schema);
}

/** A text input for an optional field: trimmed, and left out of the body when empty. */
export function optionalText<S extends z.ZodType<unknown, string | undefined>>(schema: S) {
  return z
    .string()
    .trim()
    .transform((value) => (value === "" ? undefined : value))
    .pipe(schema);
}

/**
 * Non-empty lines of a textarea, trimmed: the `-c` changes of import and commit.
 *
 * @example splitLines("CMD [\"sh\"]\n\n ENV A=1 ") // ['CMD ["sh"]', "ENV A=1"]
 */
export function splitLines(value: string): string[] {
  return value
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
}

/** A textarea for a list field, one item per line. */
export function lines<S extends z.ZodType<unknown, string[]>>(schema: S) {
  return z.string().transform(splitLines).pipe(schema);
}

/**
 * A field's problem to show, or null: `Field` takes it as is. For a list field (the lines of a
 * textarea) it is the first line's problem.
 *
 * @example <Field problem={problemOf(form.formState.errors, "repo")} ...>
 */
export function problemOf<T extends FieldValues>(errors: FieldErrors<T>, name: keyof T & string): string | null {
  const first = (error: unknown): string | null => {
    if (typeof error !== "object" || error === null) return null;
    const { message } = error as { message?: unknown };
    if (typeof message === "string") return message;
    for (const [key, nested] of Object.entries(error)) {
      // `ref` is the input element itself.
      const found = key === "ref" ? null : first(nested);
      if (found) return found;
    }
    return null;
  };
  return first(errors[name]);
}
