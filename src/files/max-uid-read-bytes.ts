/**
 * The most dashsync reads of one document for a uid it holds (a file behind a link a prune reads, a GrafanaDashboard's inflated
 * spec.gzipJson): anything may sit there (a data directory, a gzip bomb), and a read holds it whole. Far above any dashboard
 * (check warns of one over 5 MB, file-large).
 */
export const MAX_UID_READ_BYTES = 64 * 1024 * 1024;
