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

# Regenerates every generated file in the repository:
#   - pkg/apis/**/zz_generated.defaults.go (defaulter-gen, driven by doc.go tags)
#   - pkg/generated/openapi/zz_generated.openapi.go (openapi-gen)
#   - api/api-rules/violation_exceptions.list (openapi-gen's API rule report)
# The generators are the versions pinned by go.mod (k8s.io/code-generator and
# its kube-openapi), so the output depends only on the sources and go.mod.

set -o errexit
set -o nounset
set -o pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "${REPO_ROOT}"

# kube_codegen.sh leaves an unused report file in TMPDIR on every run.
TMPDIR="$(mktemp -d -t kapi-codegen.XXXXXX)"
export TMPDIR
trap 'rm -rf "${TMPDIR}"' EXIT

# The module may not be in the cache yet on a fresh machine, and `go list -m`
# reports an empty Dir until it is.
go mod download k8s.io/code-generator
CODEGEN_PKG="$(go list -m -f '{{.Dir}}' k8s.io/code-generator)"

# shellcheck source=/dev/null
source "${CODEGEN_PKG}/kube_codegen.sh"

BOILERPLATE="${REPO_ROOT}/hack/boilerplate.go.txt"

kube::codegen::gen_helpers \
    --boilerplate "${BOILERPLATE}" \
    "${REPO_ROOT}/pkg/apis"

# The published k8s.io/api types are served as-is, so their OpenAPI
# definitions come straight from the module cache. kube_codegen.sh adds
# meta/v1, runtime, version and resource on its own and marks the
# apimachinery packages read-only; the list below repeats them so that this
# file states the full set of served schemas.
OPENAPI_PKGS=(
    k8s.io/api/core/v1
    k8s.io/api/apps/v1
    k8s.io/api/admissionregistration/v1
    k8s.io/api/autoscaling/v1
    k8s.io/api/autoscaling/v2
    k8s.io/api/batch/v1
    k8s.io/api/certificates/v1
    k8s.io/api/coordination/v1
    k8s.io/api/discovery/v1
    k8s.io/api/events/v1
    k8s.io/api/networking/v1
    k8s.io/api/node/v1
    k8s.io/api/policy/v1
    k8s.io/api/rbac/v1
    k8s.io/api/resource/v1
    k8s.io/api/scheduling/v1
    k8s.io/api/storage/v1
    k8s.io/api/scheduling/v1alpha3
    k8s.io/api/storagemigration/v1
    k8s.io/api/authentication/v1
    k8s.io/api/authorization/v1
    k8s.io/api/flowcontrol/v1
    k8s.io/apimachinery/pkg/apis/meta/v1
    k8s.io/apimachinery/pkg/runtime
    k8s.io/apimachinery/pkg/version
    k8s.io/apimachinery/pkg/api/resource
    k8s.io/apimachinery/pkg/util/intstr
)
extra_pkg_args=()
for pkg in "${OPENAPI_PKGS[@]}"; do
    extra_pkg_args+=(--extra-pkgs "${pkg}")
done

# Nothing under pkg/generated/openapi carries +k8s:openapi tags, so it only
# serves as the place whose stale output is removed before generating.
mkdir -p "${REPO_ROOT}/api/api-rules"
kube::codegen::gen_openapi \
    --boilerplate "${BOILERPLATE}" \
    --output-dir "${REPO_ROOT}/pkg/generated/openapi" \
    --output-pkg "github.com/kapi-dev/kapi/pkg/generated/openapi" \
    --report-filename "${REPO_ROOT}/api/api-rules/violation_exceptions.list" \
    --update-report \
    "${extra_pkg_args[@]}" \
    "${REPO_ROOT}/pkg/generated/openapi"
