import type { DependencyList, EffectCallback } from 'react';
import { useEffect, useLayoutEffect } from './react';

/**
 * `useLayoutEffect` in the browser, `useEffect` on the server (where neither runs, and React 18 warns about the
 * first). Decided on each call rather than at import, so a server render inside a DOM test environment counts too.
 */
export function useIsomorphicLayoutEffect(effect: EffectCallback, deps?: DependencyList): void {
  const useBestEffect = typeof document === 'undefined' ? useEffect : useLayoutEffect;
  useBestEffect(effect, deps);
}
