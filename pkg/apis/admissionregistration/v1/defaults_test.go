package v1_test

import (
	"reflect"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	_ "github.com/kapi-dev/kapi/pkg/apis/admissionregistration/install"
	"github.com/kapi-dev/kapi/pkg/apis/scheme"
)

func TestWebhookDefaults(t *testing.T) {
	c := &admissionregistrationv1.MutatingWebhookConfiguration{Webhooks: []admissionregistrationv1.MutatingWebhook{{
		ClientConfig: admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Name: "s", Namespace: "n"}},
		Rules:        []admissionregistrationv1.RuleWithOperations{{}},
	}}}
	scheme.Scheme.Default(c)
	want := admissionregistrationv1.MutatingWebhook{
		ClientConfig:       admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Name: "s", Namespace: "n", Port: ptr.To[int32](443)}},
		Rules:              []admissionregistrationv1.RuleWithOperations{{Rule: admissionregistrationv1.Rule{Scope: ptr.To(admissionregistrationv1.AllScopes)}}},
		FailurePolicy:      ptr.To(admissionregistrationv1.Fail),
		MatchPolicy:        ptr.To(admissionregistrationv1.Equivalent),
		NamespaceSelector:  &metav1.LabelSelector{},
		ObjectSelector:     &metav1.LabelSelector{},
		TimeoutSeconds:     ptr.To[int32](10),
		ReinvocationPolicy: ptr.To(admissionregistrationv1.NeverReinvocationPolicy),
	}
	if !reflect.DeepEqual(c.Webhooks[0], want) {
		t.Errorf("defaulted webhook =\n%+v\nwant\n%+v", c.Webhooks[0], want)
	}
	// v1 leaves sideEffects and admissionReviewVersions to the user: validation requires them.
	if c.Webhooks[0].SideEffects != nil || c.Webhooks[0].AdmissionReviewVersions != nil {
		t.Errorf("sideEffects and admissionReviewVersions defaulted")
	}
}

func TestPolicyDefaults(t *testing.T) {
	p := &admissionregistrationv1.ValidatingAdmissionPolicy{Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{MatchConstraints: &admissionregistrationv1.MatchResources{}}}
	scheme.Scheme.Default(p)
	if *p.Spec.FailurePolicy != admissionregistrationv1.Fail || *p.Spec.MatchConstraints.MatchPolicy != admissionregistrationv1.Equivalent ||
		p.Spec.MatchConstraints.NamespaceSelector == nil || p.Spec.MatchConstraints.ObjectSelector == nil {
		t.Errorf("defaulted policy = %+v", p.Spec)
	}
	b := &admissionregistrationv1.MutatingAdmissionPolicyBinding{Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{ParamRef: &admissionregistrationv1.ParamRef{Name: "p"}}}
	scheme.Scheme.Default(b)
	if *b.Spec.ParamRef.ParameterNotFoundAction != admissionregistrationv1.DenyAction || b.Spec.MatchResources != nil {
		t.Errorf("defaulted binding = %+v", b.Spec)
	}
}
