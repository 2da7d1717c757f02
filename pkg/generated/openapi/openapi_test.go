/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package openapi

import (
	"sort"
	"testing"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/util/managedfields"
	openapinamer "k8s.io/apiserver/pkg/endpoints/openapi"
	"k8s.io/client-go/kubernetes/scheme"
	"k8s.io/kube-openapi/pkg/builder3"
	"k8s.io/kube-openapi/pkg/common"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

// servedGroupVersions are the k8s.io/api groups whose types are generated.
var servedGroupVersions = []schema.GroupVersion{
	{Group: "", Version: "v1"},
	{Group: "admissionregistration.k8s.io", Version: "v1"},
	{Group: "autoscaling", Version: "v1"},
	{Group: "certificates.k8s.io", Version: "v1"},
	{Group: "coordination.k8s.io", Version: "v1"},
	{Group: "discovery.k8s.io", Version: "v1"},
	{Group: "events.k8s.io", Version: "v1"},
	{Group: "policy", Version: "v1"},
	{Group: "rbac.authorization.k8s.io", Version: "v1"},
	{Group: "storage.k8s.io", Version: "v1"},
	{Group: "resource.k8s.io", Version: "v1"},
	{Group: "authentication.k8s.io", Version: "v1"},
	{Group: "authorization.k8s.io", Version: "v1"},
}

// buildSchemas resolves every generated definition the way the API server's
// OpenAPI v3 builder does, with the scheme's names and GVK extensions.
func buildSchemas(t *testing.T) map[string]*spec.Schema {
	t.Helper()
	defs := GetOpenAPIDefinitions(func(path string) spec.Ref { return spec.MustCreateRef(path) })
	names := make([]string, 0, len(defs))
	for name := range defs {
		names = append(names, name)
	}
	sort.Strings(names)
	config := &common.OpenAPIV3Config{
		Info:              &spec.Info{InfoProps: spec.InfoProps{Title: "kapi", Version: "test"}},
		GetDefinitions:    GetOpenAPIDefinitions,
		GetDefinitionName: openapinamer.NewDefinitionNamer(scheme.Scheme).GetDefinitionName,
	}
	schemas, err := builder3.BuildOpenAPIDefinitionsForResources(config, names...)
	if err != nil {
		t.Fatalf("building OpenAPI v3 definitions: %v", err)
	}
	return schemas
}

func TestEveryServedKindHasADefinition(t *testing.T) {
	schemas := buildSchemas(t)
	for _, gv := range servedGroupVersions {
		kinds := scheme.Scheme.KnownTypes(gv)
		if len(kinds) == 0 {
			t.Fatalf("%v: no kinds registered", gv)
		}
		for kind := range kinds {
			gvk := gv.WithKind(kind)
			name, err := scheme.Scheme.ToOpenAPIDefinitionName(gvk)
			if err != nil {
				t.Errorf("%v: %v", gvk, err)
				continue
			}
			if _, ok := schemas[name]; !ok {
				t.Errorf("%v: no definition %q", gvk, name)
			}
		}
	}
}

func TestDefinitionsCarryListAndMapMarkers(t *testing.T) {
	schemas := buildSchemas(t)
	pod := schemas["io.k8s.api.core.v1.Pod"]
	if pod == nil {
		t.Fatal("no io.k8s.api.core.v1.Pod definition")
	}
	if _, ok := pod.Extensions["x-kubernetes-group-version-kind"]; !ok {
		t.Errorf("Pod has no x-kubernetes-group-version-kind extension: %v", pod.Extensions)
	}

	containers := schemas["io.k8s.api.core.v1.PodSpec"].Properties["containers"]
	if got := containers.Extensions["x-kubernetes-list-type"]; got != "map" {
		t.Errorf("spec.containers x-kubernetes-list-type = %v, want map", got)
	}
	keys, _ := containers.Extensions["x-kubernetes-list-map-keys"].([]any)
	if len(keys) != 1 || keys[0] != "name" {
		t.Errorf("spec.containers x-kubernetes-list-map-keys = %v, want [name]", keys)
	}

	labels := schemas["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"].Properties["labels"]
	if labels.AdditionalProperties == nil || labels.AdditionalProperties.Schema == nil {
		t.Errorf("metadata.labels is not a map of strings: %#v", labels)
	}
}

// TestServerSideApplyMergesByListMapKeys shows that the type converter built
// from the definitions merges spec.containers by name, which needs the
// list-type markers of k8s.io/api to survive generation.
func TestServerSideApplyMergesByListMapKeys(t *testing.T) {
	tc, err := managedfields.NewTypeConverter(buildSchemas(t), false)
	if err != nil {
		t.Fatalf("NewTypeConverter: %v", err)
	}
	pod := func(containers ...corev1.Container) *corev1.Pod {
		return &corev1.Pod{
			TypeMeta:   metav1.TypeMeta{APIVersion: "v1", Kind: "Pod"},
			ObjectMeta: metav1.ObjectMeta{Name: "p"},
			Spec:       corev1.PodSpec{Containers: containers},
		}
	}
	live, err := tc.ObjectToTyped(pod(corev1.Container{Name: "app", Image: "app:1"}))
	if err != nil {
		t.Fatalf("ObjectToTyped(live): %v", err)
	}
	applied, err := tc.ObjectToTyped(pod(corev1.Container{Name: "sidecar", Image: "proxy:1"}))
	if err != nil {
		t.Fatalf("ObjectToTyped(applied): %v", err)
	}
	merged, err := live.Merge(applied)
	if err != nil {
		t.Fatalf("Merge: %v", err)
	}
	obj, err := tc.TypedToObject(merged)
	if err != nil {
		t.Fatalf("TypedToObject: %v", err)
	}
	u, ok := obj.(interface{ UnstructuredContent() map[string]any })
	if !ok {
		t.Fatalf("TypedToObject returned %T", obj)
	}
	spec, _ := u.UnstructuredContent()["spec"].(map[string]any)
	containers, _ := spec["containers"].([]any)
	got := map[string]any{}
	for _, c := range containers {
		c := c.(map[string]any)
		got[c["name"].(string)] = c["image"]
	}
	// An atomic list would have been replaced by the applied one.
	want := map[string]any{"app": "app:1", "sidecar": "proxy:1"}
	if len(got) != len(want) || got["app"] != want["app"] || got["sidecar"] != want["sidecar"] {
		t.Errorf("merged containers = %v, want %v", got, want)
	}

	// Kinds without a definition cannot be converted at all.
	if _, err := tc.ObjectToTyped(&corev1.Pod{TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: "NoSuchKind"}}); err == nil {
		t.Error("ObjectToTyped accepted an unknown kind")
	}
}
