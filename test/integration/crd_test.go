package integration

import (
	"context"
	"testing"
	"time"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/client-go/discovery"
	"k8s.io/client-go/dynamic"
)

func TestCustomResourceDefinitions(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	crds := apiextensionsclient.NewForConfigOrDie(server.ClientConfig).ApiextensionsV1().CustomResourceDefinitions()
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "gadgets.test.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "test.kapi.dev",
			Scope: apiextensionsv1.NamespaceScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "gadgets", Singular: "gadget", Kind: "Gadget", ListKind: "GadgetList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{{
				Name: "v1", Served: true, Storage: true,
				Schema: &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{
					Type: "object",
					Properties: map[string]apiextensionsv1.JSONSchemaProps{
						"spec": {Type: "object", Properties: map[string]apiextensionsv1.JSONSchemaProps{"size": {Type: "integer"}}},
					},
				}},
			}},
		},
	}
	if _, err := crds.Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	gvr := schema.GroupVersionResource{Group: "test.kapi.dev", Version: "v1", Resource: "gadgets"}
	disco := discovery.NewDiscoveryClientForConfigOrDie(server.ClientConfig)
	err := wait.PollUntilContextCancel(ctx, 100*time.Millisecond, true, func(ctx context.Context) (bool, error) {
		list, err := disco.ServerResourcesForGroupVersion("test.kapi.dev/v1")
		return err == nil && len(list.APIResources) > 0, nil
	})
	if err != nil {
		t.Fatal("gadgets never appeared in discovery")
	}

	gadgets := dynamic.NewForConfigOrDie(server.ClientConfig).Resource(gvr).Namespace("default")
	obj := &unstructured.Unstructured{Object: map[string]any{
		"apiVersion": "test.kapi.dev/v1", "kind": "Gadget",
		"metadata": map[string]any{"name": "g1"},
		"spec":     map[string]any{"size": int64(3)},
	}}
	if _, err := gadgets.Create(ctx, obj, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	applied, err := gadgets.Patch(ctx, "g1", types.ApplyPatchType,
		[]byte(`{"apiVersion":"test.kapi.dev/v1","kind":"Gadget","metadata":{"name":"g1"},"spec":{"size":5}}`),
		metav1.PatchOptions{FieldManager: "tester", Force: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if size, _, _ := unstructured.NestedInt64(applied.Object, "spec", "size"); size != 5 {
		t.Fatalf("spec.size = %d after apply, want 5", size)
	}
	list, err := gadgets.List(ctx, metav1.ListOptions{})
	if err != nil || len(list.Items) != 1 {
		t.Fatalf("list gadgets: %d items, err %v; want 1", len(list.Items), err)
	}
}
