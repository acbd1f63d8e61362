#!/bin/sh
# Creates the namespace and the project's custom search attributes (see workflows/contracts).
set -eu
temporal operator namespace describe -n "$NAMESPACE" >/dev/null 2>&1 ||
  temporal operator namespace create -n "$NAMESPACE" --retention 72h
temporal operator search-attribute create -n "$NAMESPACE" --name ParallelAiPendingApprovals --type KeywordList || true
