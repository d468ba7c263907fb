import { useLayoutEffect, useRef } from 'react';

/** One line of a demo's log; `tone` picks its colour. */
export interface LogLine {
  readonly text: string;
  readonly tone: 'normal' | 'muted' | 'done' | 'error';
}

/**
 * A demo's scrolling log: a live region (`role="log"`, which is polite), focusable so keyboard users can scroll it,
 * that keeps the newest line in view as lines arrive.
 */
export function LogBox({
  label,
  lines,
  placeholder,
}: {
  label: string;
  lines: readonly LogLine[];
  placeholder: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useLayoutEffect(() => {
    const box = ref.current;
    if (box && lines.length > 0) box.scrollTop = box.scrollHeight;
  }, [lines.length]);
  return (
    <div ref={ref} className="log" role="log" aria-label={label} tabIndex={0}>
      {lines.length === 0 ? (
        <p className="log__placeholder">{placeholder}</p>
      ) : (
        lines.map((line, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a log only grows, or starts again from empty
          <p key={index} className={`log__line log__line--${line.tone}`}>
            {line.text}
          </p>
        ))
      )}
    </div>
  );
}
