"use client";

import { useWatch, type DefaultValues, type FieldValues } from "react-hook-form";
import type { z } from "zod";
import { Button } from "@/app/_components/button";
import { CliCommand, CommandPreview } from "@/app/_components/cli-command";
import { Dialog } from "@/app/_components/dialog";
import { FormError } from "@/app/_components/field";
import { useToast } from "@/app/_components/toast";
import type { ApiScope } from "@/app/_lib/api-client";
import { useZodForm } from "@/app/_lib/forms";
import { useAction } from "@/app/_lib/hooks/use-operation";

/**
 * The state of a create dialog: the form on the route's schema, what it parses to as it is typed
 * (for the CLI preview), and the create call, which toasts and closes the dialog once it succeeds.
 * `dialog` is what `CreateFormDialog` takes from it.
 *
 * @example
 * const { form, parsed, dialog } = useCreateForm(schema, { name: "" }, (body) => api.volumes.create(body), {
 *   invalidates: ["volumes"], created: (result) => `Created volume ${result.volume.name}`, onClose });
 */
export function useCreateForm<S extends z.ZodType<FieldValues, FieldValues>, R>(
  schema: S,
  defaultValues: DefaultValues<z.input<S>>,
  create: (body: z.output<S>) => Promise<R>,
  options: { invalidates: readonly ApiScope[]; created: (result: R) => string; onClose: () => void },
) {
  const toast = useToast();
  const form = useZodForm(schema, { defaultValues });
  const values = useWatch({ control: form.control });
  const parsed = schema.safeParse(values);
  const creation = useAction(create, {
    invalidates: options.invalidates,
    onSuccess: (result) => {
      toast(options.created(result));
      options.onClose();
    },
  });
  return {
    form,
    parsed,
    dialog: {
      onClose: options.onClose,
      onSubmit: form.handleSubmit((body) => creation.start(body)),
      canSubmit: parsed.success,
      running: creation.running,
      error: creation.error,
    },
  };
}

/**
 * A dialog around a create form: Cancel and Create (off until the form parses), the docker CLI line
 * previewed as it is typed, and the failure of the last try.
 */
export function CreateFormDialog({
  title,
  description,
  formId,
  onClose,
  onSubmit,
  canSubmit,
  running,
  error,
  command,
  commandTestId,
  commandPlaceholder,
  children,
}: {
  title: string;
  description: React.ReactNode;
  formId: string;
  onClose: () => void;
  onSubmit: React.FormEventHandler<HTMLFormElement>;
  /** The fields parse: the route would take them. */
  canSubmit: boolean;
  running: boolean;
  error: string | null;
  /** The equivalent docker CLI line, or null while the fields do not parse. */
  command: string | null;
  commandTestId: string;
  /** Said instead of the command while the fields do not parse. */
  commandPlaceholder: string;
  children: React.ReactNode;
}) {
  return (
    <Dialog
      open
      onClose={onClose}
      title={title}
      description={description}
      footer={
        <>
          <Button variant="secondary" onClick={onClose}>
            Cancel
          </Button>
          <Button variant="primary" type="submit" form={formId} disabled={!canSubmit || running}>
            {running ? "Creating…" : "Create"}
          </Button>
        </>
      }
    >
      <form id={formId} className="space-y-3" noValidate onSubmit={onSubmit}>
        {children}
        <CommandPreview placeholder={commandPlaceholder}>
          {command !== null ? <CliCommand command={command} testId={commandTestId} wrap /> : null}
        </CommandPreview>
        {error ? <FormError>{error}</FormError> : null}
      </form>
    </Dialog>
  );
}
