/**
 * The Node arguments every case runs with unless it says otherwise: what the README recommends passing to the
 * Functions Node worker (`languageWorkers__node__arguments`). Node's own default heap is half the machine's
 * memory (4 GB here), under which V8 lets garbage pile up to several times what is live before it collects;
 * a young generation of 4 MB semi-spaces instead of Node's 16 MB keeps short-lived replay garbage small.
 */
export const RECOMMENDED_WORKER_ARGUMENTS = ['--max-old-space-size=512', '--max-semi-space-size=4'] as const;
