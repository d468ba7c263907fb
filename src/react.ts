// The React the hooks use, imported in this one place: the build then has one `import … from "react"`. An app that
// keeps React external (a vendor chunk, an import map) ships every import statement of the bundle, also those of
// hooks it never calls (useSseProgress's, for an app that imports useEventSource alone): about 15 B gzipped.
export { useEffect, useLayoutEffect, useState, useSyncExternalStore } from 'react';
