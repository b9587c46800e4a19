/**
 * The Functions entry point (`package.json` `main`). Each function file
 * registers itself with `app.*` / `df.app.*` when loaded; this file loads every
 * one of them, and nothing else does. Settings are validated here, once, so a
 * bad app setting stops the app at start.
 */
import { appSettings } from './settings/appSettings';
import './activities/catalogActivities';
import './activities/createSnapshot';
import './activities/deleteExpiredSnapshot';
import './activities/findBackupScope';
import './activities/findCleanupInventory';
import './activities/findPresentSnapshots';
import './activities/listBackupSnapshots';
import './activities/planSubscriptionBackup';
import './activities/recheckBeforeDelete';
import './activities/reconcileActivities';
import './activities/recordBackupResults';
import './hooks/releaseEpisodeHistory';
import './orchestrators/backupChunk';
import './orchestrators/backupRun';
import './orchestrators/backupSubscription';
import './orchestrators/chunkSequence';
import './orchestrators/cleanupChunk';
import './orchestrators/cleanupRun';
import './orchestrators/cleanupSubscription';
import './orchestrators/reconcileRun';
import './triggers/backupTimer';
import './triggers/cleanupTimer';
import './triggers/purgeHistory';
import './triggers/startRun';

appSettings();
