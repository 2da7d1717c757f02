package fuzz

import (
	"context"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/authentication/user"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"
	"k8s.io/apiserver/pkg/registry/rest"

	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

// seeds are bodies the fuzzer starts from for every kind: empty, named, and with the fields most
// kinds have.
var seeds = []string{
	`{}`,
	`{"metadata":{"name":"seed","labels":{"app":"seed"},"annotations":{"a":"b"}}}`,
	`{"metadata":{"generateName":"seed-","finalizers":["kapi.dev/seed"],"ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"o","uid":"u"}]},"spec":{},"status":{}}`,
	`{"metadata":{"name":"seed"},"spec":{"selector":{"matchLabels":{"app":"seed"}},"template":{"metadata":{"labels":{"app":"seed"}},"spec":{"containers":[{"name":"c","image":"nginx","ports":[{"containerPort":80}],"resources":{"limits":{"cpu":"1"}}}]}}}}`,
	`{"metadata":{"name":"seed"},"spec":{"containers":[{"name":"c","image":"nginx"}],"volumes":[{"name":"v","emptyDir":{}}]},"data":{"k":"v"},"rules":[{"apiGroups":[""],"resources":["pods"],"verbs":["get"]}]}`,
}

// FuzzCreate decodes a body as one kind, as a create request's body is decoded, with the kind's
// defaults, and runs the kind's create and update strategy on it, as the storage would before
// writing it. Whatever the body, this must not panic.
func FuzzCreate(f *testing.F) {
	for i := range kinds {
		for _, seed := range seeds {
			f.Add(uint16(i), []byte(seed))
		}
	}
	f.Fuzz(func(t *testing.T, which uint16, body []byte) {
		k := kinds[int(which)%len(kinds)]
		decoder := scheme.Codecs.UniversalDecoder(k.gvk.GroupVersion())
		obj, _, err := decoder.Decode(body, &k.gvk, nil)
		if err != nil {
			return
		}
		ctx := requestContext(k.strategy)
		_ = rest.BeforeCreate(k.strategy, ctx, obj)
		update, ok := k.strategy.(rest.RESTUpdateStrategy)
		if !ok {
			return
		}
		old := obj.DeepCopyObject()
		updated := obj.DeepCopyObject()
		update.PrepareForUpdate(ctx, updated, old)
		_ = update.ValidateUpdate(ctx, updated, old)
		roundTrip(t, k, updated)
	})
}

// requestContext is what a request of the admin carries to a strategy: its user, and a namespace
// when the kind is namespaced.
func requestContext(strategy rest.RESTCreateStrategy) context.Context {
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "admin", Groups: []string{user.SystemPrivilegedGroup, user.AllAuthenticated}})
	if strategy.NamespaceScoped() {
		ctx = genericapirequest.WithNamespace(ctx, metav1.NamespaceDefault)
	}
	return ctx
}

// roundTrip encodes obj as the server stores it and decodes it again: what a strategy leaves must
// be storable.
func roundTrip(t *testing.T, k kind, obj runtime.Object) {
	codec := scheme.Codecs.LegacyCodec(k.gvk.GroupVersion())
	data, err := runtime.Encode(codec, obj)
	if err != nil {
		t.Fatalf("%s: encoding what the strategies left: %v", k.gvk, err)
	}
	if _, _, err := scheme.Codecs.UniversalDecoder(k.gvk.GroupVersion()).Decode(data, nil, nil); err != nil {
		t.Fatalf("%s: decoding what was encoded: %v\n%s", k.gvk, err, data)
	}
}
