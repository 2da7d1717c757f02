package paramauthz

import (
	"context"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	"k8s.io/apimachinery/pkg/api/meta"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	genericapirequest "k8s.io/apiserver/pkg/endpoints/request"

	"github.com/kapi-dev/kapi/pkg/registry/admissionregistration/mutatingadmissionpolicybinding"
)

// readsConfigMaps allows getting ConfigMaps and nothing else.
var readsConfigMaps = authorizer.AuthorizerFunc(func(_ context.Context, a authorizer.Attributes) (authorizer.Decision, string, error) {
	if a.GetVerb() == "get" && a.GetAPIGroup() == "" && a.GetResource() == "configmaps" {
		return authorizer.DecisionAllow, "", nil
	}
	return authorizer.DecisionNoOpinion, "", nil
})

func checker() Checker {
	mapper := meta.NewDefaultRESTMapper(nil)
	mapper.Add(schema.GroupVersionKind{Version: "v1", Kind: "ConfigMap"}, meta.RESTScopeNamespace)
	return Checker{Authorizer: readsConfigMaps, Mapper: mapper}
}

func TestMutatingBindingRefusal(t *testing.T) {
	ctx := genericapirequest.WithUser(context.Background(), &user.DefaultInfo{Name: "alice"})
	strategy := WrapBinding(mutatingadmissionpolicybinding.Strategy, checker(), BindingRules[*admissionregistrationv1.MutatingAdmissionPolicyBinding]{
		Of: func(b *admissionregistrationv1.MutatingAdmissionPolicyBinding) Binding {
			return Binding{PolicyName: b.Spec.PolicyName, ParamRef: b.Spec.ParamRef}
		},
		ParamKind: func(_ context.Context, policy string) *admissionregistrationv1.ParamKind {
			return map[string]*admissionregistrationv1.ParamKind{
				"configmaps": {APIVersion: "v1", Kind: "ConfigMap"},
				"unknown":    {APIVersion: "example.com/v1", Kind: "Limits"},
			}[policy]
		},
		Denied: DeniedMutating,
	})
	binding := func(policy string, ref admissionregistrationv1.ParamRef) *admissionregistrationv1.MutatingAdmissionPolicyBinding {
		ref.ParameterNotFoundAction = new(admissionregistrationv1.DenyAction)
		return &admissionregistrationv1.MutatingAdmissionPolicyBinding{
			ObjectMeta: metav1.ObjectMeta{Name: "b"},
			Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{
				PolicyName: policy, ParamRef: &ref, MatchResources: &admissionregistrationv1.MatchResources{
					MatchPolicy: new(admissionregistrationv1.Equivalent), NamespaceSelector: &metav1.LabelSelector{}, ObjectSelector: &metav1.LabelSelector{},
				},
			},
		}
	}
	for _, tc := range []struct {
		policy string
		ref    admissionregistrationv1.ParamRef
		want   string
	}{
		{"configmaps", admissionregistrationv1.ParamRef{Name: "limits", Namespace: "ns"}, ""},
		// kube-apiserver's message swaps the verb and the user.
		{"configmaps", admissionregistrationv1.ParamRef{Namespace: "ns", Selector: &metav1.LabelSelector{}}, `spec.paramRef: Forbidden: user list does not have "&{alice  [] map[]}" permission on the object referenced by paramRef`},
		{"unknown", admissionregistrationv1.ParamRef{Name: "limits"}, `spec.paramRef: Forbidden: unable to resolve paramKind &{example.com/v1 Limits} to determine minimum required permissions and user &{alice  [] map[]} does not have "get" permission for all groups, versions and resources`},
	} {
		errs := strategy.Validate(ctx, binding(tc.policy, tc.ref))
		got := ""
		if len(errs) > 0 {
			got = errs.ToAggregate().Error()
		}
		if got != tc.want {
			t.Errorf("%s %+v: %q, want %q", tc.policy, tc.ref, got, tc.want)
		}
	}
}
