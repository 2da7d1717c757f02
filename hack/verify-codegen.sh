#!/usr/bin/env bash

# Copyright The kapi Authors.
#
# Licensed under the Apache License, Version 2.0 (the "License");
# you may not use this file except in compliance with the License.
# You may obtain a copy of the License at
#
#     http://www.apache.org/licenses/LICENSE-2.0
#
# Unless required by applicable law or agreed to in writing, software
# distributed under the License is distributed on an "AS IS" BASIS,
# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
# See the License for the specific language governing permissions and
# limitations under the License.

# Fails when any generated file differs from what hack/update-codegen.sh would
# write. Generation runs in a scratch copy of the repository so that the
# working tree is never touched, even when the check fails.

set -o errexit
set -o nounset
set -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"

SCRATCH="$(mktemp -d -t kapi-verify-codegen.XXXXXX)"
trap 'rm -rf "${SCRATCH}"' EXIT

# Build outputs and VCS metadata are not inputs to the generators.
tar -C "${REPO_ROOT}" --exclude=./.git --exclude=./_output -cf - . | tar -C "${SCRATCH}" -xf -

"${SCRATCH}/hack/update-codegen.sh"

# Only generated files are compared: the rest of the tree may be edited while
# this runs, and a generated file that exists on one side only is stale too.
generated_files() {
    (
        cd "$1"
        find pkg -name 'zz_generated.*' -type f
        find api/api-rules -name '*.list' -type f 2>/dev/null || true
    )
}
mapfile -t files < <( { generated_files "${REPO_ROOT}"; generated_files "${SCRATCH}"; } | LC_ALL=C sort -u)

stale=0
for f in "${files[@]}"; do
    if ! diff -Nu "${REPO_ROOT}/${f}" "${SCRATCH}/${f}"; then
        stale=1
    fi
done

if [[ "${stale}" -ne 0 ]]; then
    echo "Generated files are out of date. Run hack/update-codegen.sh." >&2
    exit 1
fi
echo "Generated files are up to date."
