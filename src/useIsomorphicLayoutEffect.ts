import { useEffect, useLayoutEffect } from 'react';

/** `useLayoutEffect` in the browser, `useEffect` on the server (where neither runs, and React 18 would warn). */
export const useIsomorphicLayoutEffect: typeof useEffect =
  typeof document !== 'undefined' ? useLayoutEffect : useEffect;
