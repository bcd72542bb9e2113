"use client";

import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import { defaultHighlightStyle, StreamLanguage, syntaxHighlighting } from "@codemirror/language";
import { dockerFile } from "@codemirror/legacy-modes/mode/dockerfile";
import { linter, lintGutter, type Diagnostic } from "@codemirror/lint";
import { EditorState } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { api, errorMessage, isAbort } from "@/app/_lib/api-client";
import type { LintFinding } from "@/lib/dockerfile/types";

// This module is the only one that imports CodeMirror; the builds page loads it with
// next/dynamic, so no other page's bundle carries the editor.

/** How long typing must pause before the text is linted again. */
const LINT_DELAY_MS = 400;

const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "white" },
  "&.cm-focused": { outline: "none" },
  ".cm-content": { fontFamily: "ui-monospace, SFMono-Regular, Menlo, monospace", minHeight: "14rem" },
  ".cm-gutters": { backgroundColor: "rgb(248 250 252)", borderRight: "1px solid rgb(226 232 240)" },
  ".cm-scroller": { overflow: "auto", maxHeight: "28rem" },
});

export type DockerfileEditorProps = {
  value: string;
  onChange: (value: string) => void;
  /** The lint findings of the text as it stands (after each pause in typing). */
  onFindings: (findings: LintFinding[]) => void;
  /** Why the text could not be linted (null once it could again). */
  onLintError: (message: string | null) => void;
};

/**
 * The Dockerfile editor: CodeMirror 6 with the Dockerfile mode, and the findings of
 * `POST /api/dockerfile/lint` as diagnostics (underlined ranges, gutter markers, hover text with
 * the hadolint ID) while the user types.
 */
export default function DockerfileEditor({ value, onChange, onFindings, onLintError }: DockerfileEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  // The latest callbacks, read by the editor's extensions, which are made once.
  const callbacks = useRef({ onChange, onFindings, onLintError });
  useEffect(() => {
    callbacks.current = { onChange, onFindings, onLintError };
  });

  useEffect(() => {
    if (!host.current) return;
    let lintRequest: AbortController | null = null;
    const lintSource = async (editor: EditorView): Promise<Diagnostic[]> => {
      lintRequest?.abort();
      const request = new AbortController();
      lintRequest = request;
      const doc = editor.state.doc;
      if (doc.toString().trim() === "") {
        callbacks.current.onFindings([]);
        callbacks.current.onLintError(null);
        return [];
      }
      try {
        const { findings } = await api.dockerfile.lint(doc.toString(), request.signal);
        callbacks.current.onFindings(findings);
        callbacks.current.onLintError(null);
        return findings.map((finding) => {
          const line = doc.line(Math.min(finding.line, doc.lines));
          return {
            from: line.from,
            to: line.to,
            severity: finding.severity,
            source: finding.hadolint ?? finding.rule,
            message: finding.message,
          };
        });
      } catch (error) {
        if (!isAbort(error)) callbacks.current.onLintError(errorMessage(error));
        return [];
      }
    };
    const editor = new EditorView({
      parent: host.current,
      state: EditorState.create({
        doc: value,
        extensions: [
          lineNumbers(),
          lintGutter(),
          history(),
          highlightActiveLine(),
          StreamLanguage.define(dockerFile),
          syntaxHighlighting(defaultHighlightStyle),
          keymap.of([...defaultKeymap, ...historyKeymap, indentWithTab]),
          linter(lintSource, { delay: LINT_DELAY_MS }),
          EditorView.lineWrapping,
          EditorView.contentAttributes.of({ "aria-label": "Dockerfile", "data-testid": "dockerfile-editor" }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) callbacks.current.onChange(update.state.doc.toString());
          }),
          theme,
        ],
      }),
    });
    view.current = editor;
    return () => {
      lintRequest?.abort();
      editor.destroy();
      view.current = null;
    };
    // The editor is made once; later values arrive through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  // A value set from outside (an example, a rebuild from history) replaces the text.
  useEffect(() => {
    const editor = view.current;
    if (editor && editor.state.doc.toString() !== value) {
      editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
    }
  }, [value]);

  return (
    <div ref={host} className="min-w-0 overflow-hidden rounded-md border border-slate-300 focus-within:ring-2 focus-within:ring-sky-200" />
  );
}
