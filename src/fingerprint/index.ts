// Fingerprints of stage `sources` for skip-if-unchanged (DESIGN §4, §6).
export { FingerprintCache, implicitSources, type CacheLookup, type CachedSuccess, type FingerprintCacheOptions } from './cache.js';
export { expandSources, missingGenerates, type ExpandContext } from './expand.js';
export { diffFiles, explainHit, explainMiss, listNames } from './explain.js';
export { fingerprintFile, hashFileContents, statStillMatches, RACY_WINDOW_MS, type FileFingerprint } from './hash-file.js';
export { fingerprintKey, readRecord, serializeRecord, FINGERPRINT_FORMAT, type FingerprintRecord } from './record.js';
