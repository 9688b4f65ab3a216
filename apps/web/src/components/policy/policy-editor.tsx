"use client";

import { RULE_KINDS, type RuleKind } from "@po-pro/policy";
import { Plus, Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import {
  type FieldErrors as FormFieldErrors,
  type Path,
  type Resolver,
  useFieldArray,
  useForm,
  useWatch,
} from "react-hook-form";
import { toast } from "sonner";
import type { FieldErrors } from "../../forms/fields";
import {
  emptyRule,
  newRuleId,
  PARAMETER_LABELS,
  type PolicyFormValues,
  RULE_WORDS,
  SUBSTITUTION_MODES,
  validatePolicyForm,
} from "../../forms/policy-form";
import {
  type PolicyPreviewResult,
  previewPolicyAction,
  savePolicyAction,
} from "../../server/actions/policy";
import { Alert, AlertDescription } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "../ui/card";
import { Form, FormControl, FormField, FormItem, FormLabel, FormMessage } from "../ui/form";
import { Input } from "../ui/input";
import { Label } from "../ui/label";
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "../ui/select";
import { Switch } from "../ui/switch";
import { Textarea } from "../ui/textarea";
import { PreviewList } from "./preview-list";

/** Field path → message, nested the way react-hook-form keeps errors ("rules.2.min"). */
function nested(fieldErrors: FieldErrors): FormFieldErrors<PolicyFormValues> {
  const errors: Record<string, unknown> = {};
  for (const [path, message] of Object.entries(fieldErrors)) {
    const keys = path === "form" || path === "rules" ? ["root"] : path.split(".");
    let node = errors;
    keys.forEach((key, i) => {
      if (i === keys.length - 1) {
        node[key] = { type: "policy", message };
        return;
      }
      node[key] ??= /^\d+$/.test(keys[i + 1] ?? "") ? [] : {};
      node = node[key] as Record<string, unknown>;
    });
  }
  return errors as FormFieldErrors<PolicyFormValues>;
}

type RuleField = Exclude<keyof PolicyFormValues["rules"][number], "id" | "kind">;

interface EditorProps {
  initial: PolicyFormValues;
  version: number;
  currency: string;
}

export function PolicyEditor({ initial, version, currency }: EditorProps) {
  const router = useRouter();
  const resolver: Resolver<PolicyFormValues> = async (values) => {
    const result = validatePolicyForm(values, currency);
    return result.ok ? { values, errors: {} } : { values: {}, errors: nested(result.fieldErrors) };
  };
  const form = useForm<PolicyFormValues>({
    defaultValues: initial,
    resolver,
    mode: "onSubmit",
    reValidateMode: "onChange",
  });
  const rules = useFieldArray({ control: form.control, name: "rules", keyName: "key" });
  const watched = useWatch({ control: form.control });
  const [preview, setPreview] = useState<{ of: string; result: PolicyPreviewResult }>();
  const [note, setNote] = useState("");
  const [adding, setAdding] = useState<RuleKind | "">("");
  const [previewing, startPreview] = useTransition();
  const [saving, startSave] = useTransition();
  const [failure, setFailure] = useState<string>();

  const current = JSON.stringify(watched);
  const previewIsCurrent = preview !== undefined && preview.of === current;
  const present = new Set(watched.rules?.map((rule) => rule?.kind));
  const addable = RULE_KINDS.filter((kind) => !present.has(kind));

  function showServerErrors(fieldErrors: FieldErrors | undefined, message: string) {
    for (const [field, text] of Object.entries(fieldErrors ?? {})) {
      const name = field === "form" || field === "rules" ? "root" : field;
      form.setError(name as Path<PolicyFormValues>, { type: "server", message: text });
    }
    setFailure(message);
  }

  const runPreview = form.handleSubmit((values) => {
    setFailure(undefined);
    const of = JSON.stringify(values);
    startPreview(async () => {
      const result = await previewPolicyAction(values);
      if (result.ok) setPreview({ of, result: result.value });
      else showServerErrors(result.fieldErrors, result.message);
    });
  });

  const save = form.handleSubmit((values) => {
    setFailure(undefined);
    startSave(async () => {
      const result = await savePolicyAction({
        ...values,
        baseVersion: version,
        ...(note.trim() ? { note } : {}),
      });
      if (result.ok) {
        toast.success(`Saved as version ${result.value.version}. New replies are decided with it.`);
        router.refresh();
        return;
      }
      showServerErrors(result.fieldErrors, result.message);
    });
  });

  function addRule() {
    if (adding === "") return;
    const taken = form.getValues("rules").map((rule) => rule.id);
    rules.append(emptyRule(adding, newRuleId(adding, taken)));
    setAdding("");
  }

  const rootError = form.formState.errors.root?.message;
  const hasErrors = Object.keys(form.formState.errors).length > 0;

  return (
    <Form {...form}>
      <form onSubmit={runPreview} noValidate className="grid gap-4" aria-label="Policy rules">
        {(rootError || failure) && (
          <Alert variant="destructive">
            <AlertDescription role="alert">{rootError ?? failure}</AlertDescription>
          </Alert>
        )}
        {hasErrors && !rootError && !failure && (
          <p role="alert" className="text-sm text-destructive">
            Some values need attention: each is marked at its field.
          </p>
        )}
        <div className="grid gap-4 lg:grid-cols-2">
          {rules.fields.map((rule, index) => (
            <RuleCard
              key={rule.key}
              form={form}
              index={index}
              kind={rule.kind}
              currency={currency}
              onRemove={() => rules.remove(index)}
              canRemove={rules.fields.length > 1}
            />
          ))}
        </div>

        {addable.length > 0 && (
          <div className="flex flex-wrap items-end gap-2">
            <div className="grid gap-1.5">
              <Label htmlFor="add-rule">Add a rule</Label>
              <Select value={adding} onValueChange={(value) => setAdding(value as RuleKind)}>
                <SelectTrigger id="add-rule" className="w-64">
                  <SelectValue placeholder="Choose a kind of rule" />
                </SelectTrigger>
                <SelectContent>
                  {addable.map((kind) => (
                    <SelectItem key={kind} value={kind}>
                      {RULE_WORDS[kind].title}
                    </SelectItem>
                  ))}
                </SelectContent>
              </Select>
            </div>
            <Button type="button" variant="outline" onClick={addRule} disabled={adding === ""}>
              <Plus aria-hidden /> Add rule
            </Button>
          </div>
        )}

        <div className="flex flex-wrap items-center gap-3 border-t pt-4">
          <Button type="submit" disabled={previewing}>
            {previewing ? "Previewing…" : "Preview changes"}
          </Button>
          <p className="text-sm text-muted-foreground">
            {previewIsCurrent
              ? "The preview below is for these rules."
              : preview
                ? "The rules changed since the preview: preview again before saving."
                : "See which of your recent decisions these rules would change before saving."}
          </p>
        </div>

        {previewIsCurrent && preview && (
          <>
            <PreviewList preview={preview.result} />
            <Card>
              <CardContent className="grid gap-3">
                <div className="grid gap-1.5">
                  <Label htmlFor="policy-note">Note (optional)</Label>
                  <Textarea
                    id="policy-note"
                    value={note}
                    maxLength={500}
                    onChange={(event) => setNote(event.target.value)}
                    placeholder="Why the change, for whoever reads the versions later"
                  />
                </div>
                <div>
                  <Button type="button" onClick={save} disabled={saving}>
                    {saving ? "Saving…" : `Save as version ${version + 1}`}
                  </Button>
                </div>
              </CardContent>
            </Card>
          </>
        )}
      </form>
    </Form>
  );
}

type EditorForm = ReturnType<typeof useForm<PolicyFormValues>>;

function RuleCard({
  form,
  index,
  kind,
  currency,
  onRemove,
  canRemove,
}: {
  form: EditorForm;
  index: number;
  kind: RuleKind;
  currency: string;
  onRemove: () => void;
  canRemove: boolean;
}) {
  const words = RULE_WORDS[kind];
  const errors = form.formState.errors.rules?.[index];
  const ruleError = errors?.kind?.message ?? errors?.id?.message;
  const counterEnabled = useWatch({ control: form.control, name: `rules.${index}.counterEnabled` });
  const titleId = `rule-${index}-title`;
  return (
    <Card role="group" aria-labelledby={titleId} data-rule={kind}>
      <CardHeader>
        <CardTitle>
          <h2 id={titleId} className="text-base">
            {words.title}
          </h2>
        </CardTitle>
        <CardDescription>{words.description}</CardDescription>
        <CardAction>
          <Button
            type="button"
            variant="ghost"
            size="icon"
            aria-label={`Remove the ${words.title.toLowerCase()} rule`}
            disabled={!canRemove}
            onClick={onRemove}
          >
            <Trash2 aria-hidden />
          </Button>
        </CardAction>
      </CardHeader>
      <CardContent className="grid gap-4">
        {ruleError && (
          <p role="alert" className="text-sm text-destructive">
            {ruleError}
          </p>
        )}
        {kind === "price_tolerance" && (
          <>
            <NumberField form={form} index={index} name="maxIncreasePct" unit="%" />
            <FormField
              control={form.control}
              name={`rules.${index}.counterEnabled`}
              render={({ field }) => (
                <FormItem className="flex flex-row items-center gap-3">
                  <FormControl>
                    <Switch checked={field.value} onCheckedChange={field.onChange} />
                  </FormControl>
                  <FormLabel className="font-normal">Counter-offer larger increases</FormLabel>
                </FormItem>
              )}
            />
            {counterEnabled ? (
              <NumberField form={form} index={index} name="counterUpToPct" unit="%" />
            ) : (
              <p className="text-sm text-muted-foreground">Any larger increase comes to you.</p>
            )}
          </>
        )}
        {kind === "delivery_delay" && (
          <NumberField form={form} index={index} name="maxDelayDays" unit="days late" />
        )}
        {kind === "fill_rate" && (
          <NumberField form={form} index={index} name="minPercent" unit="% of units" />
        )}
        {kind === "approval_threshold" && (
          <NumberField form={form} index={index} name="maxTotal" unit={currency} />
        )}
        {kind === "payment_terms" && (
          <NumberField
            form={form}
            index={index}
            name="allowed"
            hint="Separate terms with commas, such as Net 45, prepaid."
            wide
          />
        )}
        {kind === "substitution" && (
          <FormField
            control={form.control}
            name={`rules.${index}.mode`}
            render={({ field }) => (
              <FormItem>
                <FormLabel>{PARAMETER_LABELS.mode}</FormLabel>
                <Select value={field.value} onValueChange={field.onChange}>
                  <FormControl>
                    <SelectTrigger className="w-full sm:w-80" onBlur={field.onBlur}>
                      <SelectValue />
                    </SelectTrigger>
                  </FormControl>
                  <SelectContent>
                    {Object.entries(SUBSTITUTION_MODES).map(([value, label]) => (
                      <SelectItem key={value} value={value}>
                        {label}
                      </SelectItem>
                    ))}
                  </SelectContent>
                </Select>
                <FormMessage />
              </FormItem>
            )}
          />
        )}
        {kind === "negotiation_rounds" && (
          <NumberField form={form} index={index} name="max" unit="counter-offers" />
        )}
        {kind === "extraction_confidence" && (
          <NumberField
            form={form}
            index={index}
            name="min"
            unit="(0 to 1)"
            hint="0.6 means the agent is at least 60 % sure it read the reply right."
          />
        )}
        {kind === "currency" && (
          <p className="text-sm text-muted-foreground">This rule has no settings.</p>
        )}
      </CardContent>
    </Card>
  );
}

function NumberField({
  form,
  index,
  name,
  unit,
  hint,
  wide = false,
}: {
  form: EditorForm;
  index: number;
  name: RuleField;
  unit?: string;
  hint?: string;
  wide?: boolean;
}) {
  return (
    <FormField
      control={form.control}
      name={`rules.${index}.${name}`}
      render={({ field }) => (
        <FormItem>
          <FormLabel>{PARAMETER_LABELS[name]}</FormLabel>
          <div className="flex items-center gap-2">
            <FormControl>
              <Input
                {...field}
                value={String(field.value ?? "")}
                inputMode={wide ? "text" : "decimal"}
                autoComplete="off"
                className={wide ? "w-full" : "w-32"}
              />
            </FormControl>
            {unit && <span className="text-sm text-muted-foreground">{unit}</span>}
          </div>
          {hint && <p className="text-sm text-muted-foreground">{hint}</p>}
          <FormMessage />
        </FormItem>
      )}
    />
  );
}
