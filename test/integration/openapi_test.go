package integration

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/rest"
)

// TestOpenAPIAndLegacyDiscoveryIncludeExtensions checks that the documents the core server answers in
// front of the CRD server describe apiextensions.k8s.io and every CRD, as kube-apiserver's aggregated
// documents do: OpenAPI v2, the OpenAPI v3 index and group documents, and the legacy /apis list.
func TestOpenAPIAndLegacyDiscoveryIncludeExtensions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	crds := apiextensionsclient.NewForConfigOrDie(server.ClientConfig).ApiextensionsV1().CustomResourceDefinitions()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "sprockets.openapi.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "openapi.kapi.dev",
			Scope: apiextensionsv1.NamespaceScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "sprockets", Singular: "sprocket", Kind: "Sprocket", ListKind: "SprocketList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{
				{Name: "v1beta1", Served: true, Storage: false, Schema: objectSchema()},
				{Name: "v1", Served: true, Storage: true, Schema: objectSchema()},
			},
		},
	}
	if _, err := crds.Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	rest := jsonClient(t).Discovery().RESTClient()

	var v2 struct {
		Definitions map[string]json.RawMessage `json:"definitions"`
	}
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		body, err := rest.Get().AbsPath("/openapi/v2").SetHeader("Accept", "application/json").DoRaw(ctx)
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal(body, &v2); err != nil {
			return false, err
		}
		_, ok := v2.Definitions["dev.kapi.openapi.v1.Sprocket"]
		return ok, nil
	})
	if err != nil {
		t.Fatalf("/openapi/v2 never described the Sprocket CRD: %v", err)
	}
	for _, name := range []string{"io.k8s.api.core.v1.Pod", "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"} {
		if _, ok := v2.Definitions[name]; !ok {
			t.Errorf("/openapi/v2 lacks definition %s", name)
		}
	}

	var index struct {
		Paths map[string]json.RawMessage `json:"paths"`
	}
	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		body, err := rest.Get().AbsPath("/openapi/v3").DoRaw(ctx)
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal(body, &index); err != nil {
			return false, err
		}
		_, ok := index.Paths["apis/openapi.kapi.dev/v1"]
		return ok, nil
	})
	if err != nil {
		t.Fatalf("/openapi/v3 never listed apis/openapi.kapi.dev/v1: %v", err)
	}
	for _, path := range []string{"api/v1", "apis/apiextensions.k8s.io/v1", "apis/openapi.kapi.dev/v1beta1"} {
		if _, ok := index.Paths[path]; !ok {
			t.Errorf("/openapi/v3 does not list %s", path)
		}
	}
	body, err := rest.Get().AbsPath("/openapi/v3/apis/apiextensions.k8s.io/v1").DoRaw(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(body), `"io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition"`) {
		t.Errorf("/openapi/v3/apis/apiextensions.k8s.io/v1 lacks the CustomResourceDefinition schema")
	}

	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		var groups metav1.APIGroupList
		body, err := rest.Get().AbsPath("/apis").SetHeader("Accept", "application/json").DoRaw(ctx)
		if err != nil {
			return false, err
		}
		if err := json.Unmarshal(body, &groups); err != nil {
			return false, err
		}
		found := map[string]metav1.APIGroup{}
		for _, g := range groups.Groups {
			found[g.Name] = g
		}
		sprockets, ok := found["openapi.kapi.dev"]
		if !ok {
			return false, nil
		}
		if _, ok := found["apiextensions.k8s.io"]; !ok {
			t.Fatalf("legacy /apis does not list apiextensions.k8s.io: %s", body)
		}
		if sprockets.PreferredVersion.Version != "v1" || len(sprockets.Versions) != 2 || sprockets.Versions[1].Version != "v1beta1" {
			t.Fatalf("legacy /apis lists openapi.kapi.dev as %+v, want versions v1, v1beta1 with v1 preferred", sprockets)
		}
		return true, nil
	})
	if err != nil {
		t.Fatalf("legacy /apis never listed openapi.kapi.dev: %v", err)
	}

	if err := crds.Delete(ctx, crd.Name, metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		body, err := rest.Get().AbsPath("/apis").SetHeader("Accept", "application/json").DoRaw(ctx)
		return err == nil && !strings.Contains(string(body), `"openapi.kapi.dev"`), err
	})
	if err != nil {
		t.Fatalf("legacy /apis still lists openapi.kapi.dev after its CRD was deleted: %v", err)
	}
}

// objectSchema is the smallest structural schema a CRD version accepts.
func objectSchema() *apiextensionsv1.CustomResourceValidation {
	return &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
		Type:       "object",
		Properties: map[string]apiextensionsv1.JSONSchemaProps{"spec": {Type: "object", XPreserveUnknownFields: ptr(true)}},
	}}
}

// TestOpenAPIV3DocumentsOfBuiltInGroups checks the OpenAPI v3 documents of kapi's built-in group
// versions as a client that caches them sees them: every document the index names by its hash is
// served under that hash as an immutable document whose ETag is the hash, a stale hash is redirected
// to the current one, and a group version's document names, for the kinds every group version
// shares, only its own group version's and core v1's.
func TestOpenAPIV3DocumentsOfBuiltInGroups(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client, err := rest.HTTPClientFor(server.ClientConfig)
	if err != nil {
		t.Fatal(err)
	}
	client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	get := func(path string) *http.Response {
		t.Helper()
		request, err := http.NewRequestWithContext(ctx, http.MethodGet, server.ClientConfig.Host+path, nil)
		if err != nil {
			t.Fatal(err)
		}
		response, err := client.Do(request)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { response.Body.Close() })
		return response
	}

	var index struct {
		Paths map[string]struct {
			ServerRelativeURL string `json:"serverRelativeURL"`
		} `json:"paths"`
	}
	if err := json.NewDecoder(get("/openapi/v3").Body).Decode(&index); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"api/v1", "apis/apps/v1", "apis/batch/v1", "apis/rbac.authorization.k8s.io/v1"} {
		entry, ok := index.Paths[name]
		if !ok {
			t.Errorf("/openapi/v3 does not list %s", name)
			continue
		}
		hashed, err := url.Parse(entry.ServerRelativeURL)
		if err != nil {
			t.Fatal(err)
		}
		hash := hashed.Query().Get("hash")
		response := get(entry.ServerRelativeURL)
		if response.StatusCode != http.StatusOK || response.Header.Get("Etag") != strconv.Quote(hash) || response.Header.Get("Cache-Control") != "public, immutable" {
			t.Errorf("GET %s: %d, ETag %s, Cache-Control %q; want 200, ETag %q, public, immutable", entry.ServerRelativeURL, response.StatusCode, response.Header.Get("Etag"), response.Header.Get("Cache-Control"), hash)
		}
		stale := get(hashed.Path + "?hash=0")
		if stale.StatusCode != http.StatusMovedPermanently || stale.Header.Get("Location") != entry.ServerRelativeURL {
			t.Errorf("GET %s?hash=0: %d to %q, want 301 to %s", hashed.Path, stale.StatusCode, stale.Header.Get("Location"), entry.ServerRelativeURL)
		}
	}

	var apps struct {
		Components struct {
			Schemas map[string]struct {
				Kinds []map[string]string `json:"x-kubernetes-group-version-kind"`
			} `json:"schemas"`
		} `json:"components"`
	}
	if err := json.NewDecoder(get(index.Paths["apis/apps/v1"].ServerRelativeURL).Body).Decode(&apps); err != nil {
		t.Fatal(err)
	}
	if _, ok := apps.Components.Schemas["io.k8s.api.apps.v1.Deployment"]; !ok {
		t.Error("the apps/v1 document lacks the Deployment schema")
	}
	want := []map[string]string{
		{"group": "", "kind": "WatchEvent", "version": "v1"},
		{"group": "apps", "kind": "WatchEvent", "version": "v1"},
	}
	got := apps.Components.Schemas["io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent"].Kinds
	slices.SortFunc(got, func(a, b map[string]string) int { return strings.Compare(a["group"], b["group"]) })
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the apps/v1 document's WatchEvent has the kinds %v, want %v", got, want)
	}
}
