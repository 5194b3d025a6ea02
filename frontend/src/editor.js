// Code editor for TensorDojo problem pages.
//
// Bundled into app/static/vendor/editor.js as a single IIFE so that the web app
// can load it with one <script> tag and no network access. The page talks to it
// only through window.TensorDojoEditor, which keeps CodeMirror's module graph
// out of the templates.

import { minimalSetup } from "codemirror";
import { EditorState, Prec } from "@codemirror/state";
import {
  EditorView,
  crosshairCursor,
  dropCursor,
  highlightActiveLine,
  highlightActiveLineGutter,
  keymap,
  lineNumbers,
  rectangularSelection,
} from "@codemirror/view";
import { indentWithTab } from "@codemirror/commands";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import {
  bracketMatching,
  foldGutter,
  foldKeymap,
  indentOnInput,
  indentUnit,
} from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { python } from "@codemirror/lang-python";

// Sizing is left to the host element: the editor fills it and scrolls inside,
// so the page layout decides how tall the editor is.
const layoutTheme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px" },
  ".cm-scroller": {
    overflow: "auto",
    fontFamily:
      "ui-monospace, SFMono-Regular, Menlo, Consolas, 'Liberation Mono', monospace",
  },
  ".cm-content": { minHeight: "12em" },
});

function noop() {}

// Run/Submit bindings sit above every other keymap: the default keymap binds
// Mod-Enter to "insert blank line", and a shortcut must never edit the code.
function actionKeymap(handlers) {
  const call = (handler) => (view) => {
    handler(view.state.doc.toString());
    return true;
  };
  return Prec.highest(
    keymap.of([
      { key: "Mod-Enter", run: call(handlers.onRun), preventDefault: true },
      {
        key: "Shift-Mod-Enter",
        run: call(handlers.onSubmit),
        preventDefault: true,
      },
    ]),
  );
}

/**
 * Create an editor inside `parent`.
 *
 * @param {HTMLElement} parent element the editor is appended to
 * @param {string} initialText code the editor opens with
 * @param {{onRun?: (code: string) => void,
 *          onSubmit?: (code: string) => void,
 *          onChange?: (code: string) => void}} [options]
 * @returns {{getValue: () => string, setValue: (text: string) => void,
 *            focus: () => void, destroy: () => void, view: EditorView}}
 */
function create(parent, initialText, options) {
  if (!(parent instanceof HTMLElement)) {
    throw new TypeError("TensorDojoEditor.create: parent must be an element");
  }
  const opts = options || {};
  const handlers = {
    onRun: typeof opts.onRun === "function" ? opts.onRun : noop,
    onSubmit: typeof opts.onSubmit === "function" ? opts.onSubmit : noop,
    onChange: typeof opts.onChange === "function" ? opts.onChange : noop,
  };

  const state = EditorState.create({
    doc: initialText == null ? "" : String(initialText),
    extensions: [
      actionKeymap(handlers),
      minimalSetup,
      lineNumbers(),
      highlightActiveLineGutter(),
      foldGutter(),
      dropCursor(),
      EditorState.allowMultipleSelections.of(true),
      indentOnInput(),
      bracketMatching(),
      closeBrackets(),
      rectangularSelection(),
      crosshairCursor(),
      highlightActiveLine(),
      highlightSelectionMatches(),
      indentUnit.of("    "),
      EditorState.tabSize.of(4),
      keymap.of([
        ...closeBracketsKeymap,
        ...searchKeymap,
        ...foldKeymap,
        // Tab indents; Escape then Tab still moves focus out (built into the view).
        indentWithTab,
      ]),
      python(),
      layoutTheme,
      EditorView.contentAttributes.of({ "aria-label": "Code editor" }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) handlers.onChange(update.state.doc.toString());
      }),
    ],
  });
  const view = new EditorView({ state, parent });

  return {
    view,
    getValue() {
      return view.state.doc.toString();
    },
    setValue(text) {
      const insert = text == null ? "" : String(text);
      view.dispatch({
        changes: { from: 0, to: view.state.doc.length, insert },
        selection: { anchor: 0 },
      });
    },
    focus() {
      view.focus();
    },
    destroy() {
      view.destroy();
    },
  };
}

window.TensorDojoEditor = Object.freeze({ create });
