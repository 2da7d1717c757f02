package server

import (
	"reflect"
	"testing"

	"k8s.io/kube-openapi/pkg/spec3"
	"k8s.io/kube-openapi/pkg/validation/spec"
)

func TestOpenAPIGroupVersion(t *testing.T) {
	for _, tc := range []struct {
		name, group, version string
		ok                   bool
	}{
		{name: "api/v1", version: "v1", ok: true},
		{name: "apis/apps/v1", group: "apps", version: "v1", ok: true},
		{name: "apis/networking.k8s.io/v1beta1", group: "networking.k8s.io", version: "v1beta1", ok: true},
		{name: "api"},
		{name: "apis"},
		{name: "apis/apps"},
		{name: "version"},
		{name: ".well-known/openid-configuration"},
	} {
		group, version, ok := openAPIGroupVersion(tc.name)
		if group != tc.group || version != tc.version || ok != tc.ok {
			t.Errorf("openAPIGroupVersion(%q) = %q, %q, %v; want %q, %q, %v", tc.name, group, version, ok, tc.group, tc.version, tc.ok)
		}
	}
}

func TestKeepOwnKinds(t *testing.T) {
	gvk := func(group, version, kind string) interface{} {
		return map[string]interface{}{"group": group, "version": version, "kind": kind}
	}
	watchEvents := []interface{}{gvk("", "v1", "WatchEvent"), gvk("apps", "v1", "WatchEvent"), gvk("batch", "v1", "WatchEvent")}
	for _, tc := range []struct {
		name           string
		group, version string
		kinds          []interface{}
		want           []interface{}
	}{
		{
			name: "a shared kind keeps its group version's and core v1's", group: "apps", version: "v1",
			kinds: watchEvents, want: []interface{}{gvk("", "v1", "WatchEvent"), gvk("apps", "v1", "WatchEvent")},
		},
		{
			name: "core v1 keeps only its own", group: "", version: "v1",
			kinds: watchEvents, want: []interface{}{gvk("", "v1", "WatchEvent")},
		},
		{
			name: "a kind of one group version is left alone", group: "apps", version: "v1",
			kinds: []interface{}{gvk("apps", "v1", "Deployment")}, want: []interface{}{gvk("apps", "v1", "Deployment")},
		},
		{
			name: "a kind that is not shared is left alone even when several group versions have it", group: "apps", version: "v1",
			kinds: []interface{}{gvk("autoscaling", "v1", "Scale"), gvk("apps", "v1", "Scale")},
			want:  []interface{}{gvk("autoscaling", "v1", "Scale"), gvk("apps", "v1", "Scale")},
		},
		{
			name: "a shared kind none of whose entries belongs loses the extension", group: "apps", version: "v1",
			kinds: []interface{}{gvk("batch", "v1", "DeleteOptions"), gvk("policy", "v1", "DeleteOptions")},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			schema := &spec.Schema{VendorExtensible: spec.VendorExtensible{Extensions: spec.Extensions{"x-kubernetes-group-version-kind": tc.kinds}}}
			document := &spec3.OpenAPI{Components: &spec3.Components{Schemas: map[string]*spec.Schema{"s": schema, "nil": nil}}}
			keepOwnKinds(document, tc.group, tc.version)
			got, ok := schema.Extensions["x-kubernetes-group-version-kind"]
			if tc.want == nil {
				if ok {
					t.Fatalf("x-kubernetes-group-version-kind = %v, want it removed", got)
				}
				return
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("x-kubernetes-group-version-kind = %v, want %v", got, tc.want)
			}
		})
	}
	keepOwnKinds(&spec3.OpenAPI{}, "apps", "v1")
}
