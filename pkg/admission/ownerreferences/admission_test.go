package ownerreferences

import (
	"context"
	"testing"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/apiserver/pkg/admission"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"

	"github.com/kapi-dev/kapi/pkg/admission/internal/admissiontest"
)

// allowList allows the requests whose verb/resource/subresource is listed.
type allowList map[string]bool

func (l allowList) Authorize(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	key := a.GetVerb() + " " + a.GetResource()
	if a.GetSubresource() != "" {
		key += "/" + a.GetSubresource()
	}
	if l[key+" "+a.GetNamespace()+"/"+a.GetName()] || l[key] {
		return authorizer.DecisionAllow, "", nil
	}
	return authorizer.DecisionNoOpinion, "", nil
}

func TestValidate(t *testing.T) {
	mapper := meta.NewDefaultRESTMapper(nil)
	mapper.Add(corev1.SchemeGroupVersion.WithKind("ConfigMap"), meta.RESTScopeNamespace)
	mapper.Add(corev1.SchemeGroupVersion.WithKind("Node"), meta.RESTScopeRoot)
	owner := func(kind, name string, block *bool) metav1.OwnerReference {
		return metav1.OwnerReference{APIVersion: "v1", Kind: kind, Name: name, UID: types.UID("uid-" + name), BlockOwnerDeletion: block}
	}
	yes, no := true, false
	withRefs := func(refs ...metav1.OwnerReference) *corev1.Secret {
		return &corev1.Secret{ObjectMeta: metav1.ObjectMeta{Name: "s", Namespace: "ns", OwnerReferences: refs}}
	}
	for _, tc := range []struct {
		name      string
		allowed   allowList
		obj, old  *corev1.Secret
		wantError string
	}{
		{name: "create without references", obj: withRefs()},
		{name: "create with a non-blocking reference", obj: withRefs(owner("ConfigMap", "cm", &no))},
		{name: "create blocking without finalizers permission", obj: withRefs(owner("ConfigMap", "cm", &yes)),
			wantError: `secrets "s" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>`},
		{name: "create blocking with finalizers permission in the namespace", allowed: allowList{"update configmaps/finalizers ns/cm": true}, obj: withRefs(owner("ConfigMap", "cm", &yes))},
		{name: "cluster-scoped owner checked without a namespace", allowed: allowList{"update nodes/finalizers /n1": true}, obj: withRefs(owner("Node", "n1", &yes))},
		{name: "finalize anything", allowed: allowList{"update */finalizers": true}, obj: withRefs(owner("ConfigMap", "cm", &yes))},
		{name: "unknown kind", obj: withRefs(owner("Widget", "w", &yes)),
			wantError: `secrets "s" is forbidden: cannot set blockOwnerDeletion in this case because cannot find RESTMapping for APIVersion v1 Kind Widget: no matches for kind "Widget" in version "v1"`},
		{name: "update without delete permission", obj: withRefs(owner("ConfigMap", "cm", nil)), old: withRefs(),
			wantError: `secrets "s" is forbidden: cannot set an ownerRef on a resource you can't delete: , <nil>`},
		{name: "update with delete permission", allowed: allowList{"delete secrets ns/s": true}, obj: withRefs(owner("ConfigMap", "cm", nil)), old: withRefs()},
		{name: "update leaving references alone", obj: withRefs(owner("ConfigMap", "cm", &yes)), old: withRefs(owner("ConfigMap", "cm", &yes))},
		{name: "update turning blocking on", allowed: allowList{"delete secrets": true}, obj: withRefs(owner("ConfigMap", "cm", &yes)), old: withRefs(owner("ConfigMap", "cm", &no)),
			wantError: `secrets "s" is forbidden: cannot set blockOwnerDeletion if an ownerReference refers to a resource you can't set finalizers on: , <nil>`},
		{name: "update turning blocking off", allowed: allowList{"delete secrets": true}, obj: withRefs(owner("ConfigMap", "cm", &no)), old: withRefs(owner("ConfigMap", "cm", &yes))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := &plugin{Handler: admission.NewHandler(admission.Create, admission.Update)}
			p.SetUnconditionalAuthorizer(tc.allowed)
			p.SetRESTMapper(mapper)
			if err := p.ValidateInitialization(); err != nil {
				t.Fatal(err)
			}
			req := admissiontest.Request{Object: tc.obj, Resource: corev1.SchemeGroupVersion.WithResource("secrets"), Kind: "Secret", Namespace: "ns", Name: "s"}
			if tc.old != nil {
				req.Old, req.Operation = tc.old, admission.Update
			}
			err := p.Validate(context.Background(), req.Attributes(), nil)
			if tc.wantError == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || err.Error() != tc.wantError {
				t.Fatalf("error = %v\nwant %s", err, tc.wantError)
			}
		})
	}
}

func TestValidateSkipsPodStatus(t *testing.T) {
	p := &plugin{authorizer: allowList{}, mapper: meta.NewDefaultRESTMapper(nil)}
	pod := &corev1.Pod{ObjectMeta: metav1.ObjectMeta{Name: "p", OwnerReferences: []metav1.OwnerReference{{APIVersion: "v1", Kind: "Node", Name: "n", UID: "u"}}}}
	attrs := admission.NewAttributesRecord(pod, &corev1.Pod{}, corev1.SchemeGroupVersion.WithKind("Pod"), "ns", "p",
		schema.GroupVersionResource{Version: "v1", Resource: "pods"}, "status", admission.Update, nil, false, &user.DefaultInfo{Name: "u"})
	if err := p.Validate(context.Background(), attrs, nil); err != nil {
		t.Fatal(err)
	}
}
