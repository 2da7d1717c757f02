package integration

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	corev1 "k8s.io/api/core/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// TestAdmissionPolicyValidating binds a policy to a ConfigMap of parameters: ConfigMaps with more
// keys than the parameter allows are refused with the policy's message.
func TestAdmissionPolicyValidating(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ar := client.AdmissionregistrationV1()
	createNamespace(t, client, "admreg-params")
	if _, err := client.CoreV1().ConfigMaps("admreg-params").Create(ctx, &corev1.ConfigMap{
		ObjectMeta: metav1.ObjectMeta{Name: "limits"}, Data: map[string]string{"maxKeys": "1"},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	webhookNamespace(t, client, "admreg-vap")

	policy := admregPolicy("admreg-max-keys")
	policy.Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "v1", Kind: "ConfigMap"}
	policy.Spec.Validations = []admissionregistrationv1.Validation{{
		Expression:        "!has(object.data) || size(object.data) <= int(params.data.maxKeys)",
		MessageExpression: "'at most ' + params.data.maxKeys + ' keys'",
	}}
	if _, err := ar.ValidatingAdmissionPolicies().Create(ctx, policy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicies().Delete(ctx, policy.Name, metav1.DeleteOptions{}) })
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-max-keys-binding"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        policy.Name,
			ParamRef:          &admissionregistrationv1.ParamRef{Name: "limits", Namespace: "admreg-params"},
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny},
			MatchResources:    &admissionregistrationv1.MatchResources{NamespaceSelector: caseSelector("admreg-vap")},
		},
	}
	if _, err := ar.ValidatingAdmissionPolicyBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicyBindings().Delete(ctx, binding.Name, metav1.DeleteOptions{}) })

	var refused *corev1.ConfigMap
	eventually(t, func() error {
		refused = &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "two-keys"}, Data: map[string]string{"a": "1", "b": "2"}}
		_, err := client.CoreV1().ConfigMaps("admreg-vap").Create(ctx, refused, metav1.CreateOptions{})
		if err == nil {
			_ = client.CoreV1().ConfigMaps("admreg-vap").Delete(ctx, refused.Name, metav1.DeleteOptions{})
			return errors.New("created")
		}
		want := `configmaps "two-keys" is forbidden: ValidatingAdmissionPolicy 'admreg-max-keys' with binding 'admreg-max-keys-binding' denied request: at most 1 keys`
		if st, ok := err.(interface{ Status() metav1.Status }); !ok || st.Status().Code != http.StatusUnprocessableEntity || st.Status().Reason != metav1.StatusReasonInvalid || st.Status().Message != want {
			t.Fatalf("refusal = %v, want 422 Invalid %q", err, want)
		}
		return nil
	})
	if _, err := client.CoreV1().ConfigMaps("admreg-vap").Create(ctx, &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: "one-key"}, Data: map[string]string{"a": "1"}}, metav1.CreateOptions{}); err != nil {
		t.Errorf("one key: %v", err)
	}
}

// TestAdmissionPolicyMutating labels the ConfigMaps of a namespace through an apply configuration.
func TestAdmissionPolicyMutating(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ar := client.AdmissionregistrationV1()
	webhookNamespace(t, client, "admreg-map")
	policy := &admissionregistrationv1.MutatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-label"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: admregRules[0]}}},
			Mutations: []admissionregistrationv1.Mutation{{
				PatchType:          admissionregistrationv1.PatchTypeApplyConfiguration,
				ApplyConfiguration: &admissionregistrationv1.ApplyConfiguration{Expression: `Object{metadata: Object.metadata{labels: {"policy-mutated": "yes"}}}`},
			}},
			ReinvocationPolicy: admissionregistrationv1.NeverReinvocationPolicy,
		},
	}
	if _, err := ar.MutatingAdmissionPolicies().Create(ctx, policy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.MutatingAdmissionPolicies().Delete(ctx, policy.Name, metav1.DeleteOptions{}) })
	binding := &admissionregistrationv1.MutatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-label"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{
			PolicyName:     policy.Name,
			MatchResources: &admissionregistrationv1.MatchResources{NamespaceSelector: caseSelector("admreg-map")},
		},
	}
	if _, err := ar.MutatingAdmissionPolicyBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.MutatingAdmissionPolicyBindings().Delete(ctx, binding.Name, metav1.DeleteOptions{}) })

	eventually(t, func() error {
		cm, err := client.CoreV1().ConfigMaps("admreg-map").Create(ctx, generated(configMap("", nil)), metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if cm.Labels["policy-mutated"] != "yes" {
			return errors.New("not mutated yet")
		}
		return nil
	})
}

// TestAdmissionPolicyTypeChecking shows the status the type-checking controller writes: an
// expression reading a field ConfigMaps do not have is reported, for the policy's generation.
func TestAdmissionPolicyTypeChecking(t *testing.T) {
	ctx := context.Background()
	ar := jsonClient(t).AdmissionregistrationV1()
	policy := admregPolicy("admreg-typecheck")
	policy.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "object.spec.replicas > 1"}}
	if _, err := ar.ValidatingAdmissionPolicies().Create(ctx, policy, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicies().Delete(ctx, policy.Name, metav1.DeleteOptions{}) })
	eventually(t, func() error {
		got, err := ar.ValidatingAdmissionPolicies().Get(ctx, policy.Name, metav1.GetOptions{})
		if err != nil {
			return err
		}
		if got.Status.ObservedGeneration != 1 || got.Status.TypeChecking == nil {
			return errors.New("not checked yet")
		}
		warnings := got.Status.TypeChecking.ExpressionWarnings
		if len(warnings) != 1 || warnings[0].FieldRef != "spec.validations[0].expression" || !strings.Contains(warnings[0].Warning, "undefined field 'spec'") {
			t.Fatalf("typeChecking = %+v", warnings)
		}
		return nil
	})
}

// TestAdmissionPolicyParamKindAuthorization refuses a policy whose author may create policies but
// not read every object of its paramKind, and a binding whose author may not read its parameters.
func TestAdmissionPolicyParamKindAuthorization(t *testing.T) {
	ctx := context.Background()
	admin := jsonClient(t)
	role := &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-policy-author"},
		Rules:      []rbacv1.PolicyRule{{APIGroups: []string{admissionregistrationv1.GroupName}, Resources: []string{"validatingadmissionpolicies", "validatingadmissionpolicybindings", "mutatingadmissionpolicies"}, Verbs: []string{"create"}}},
	}
	if _, err := admin.RbacV1().ClusterRoles().Create(ctx, role, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	binding := &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-policy-author"},
		RoleRef:    bindingTo("ClusterRole", role.Name),
		Subjects:   []rbacv1.Subject{userSubject("admreg-author")},
	}
	if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admin.RbacV1().ClusterRoleBindings().Delete(ctx, binding.Name, metav1.DeleteOptions{})
		_ = admin.RbacV1().ClusterRoles().Delete(ctx, role.Name, metav1.DeleteOptions{})
	})
	author := impersonating(t, "admreg-author").AdmissionregistrationV1()

	plain := admregPolicy("admreg-author-plain")
	eventually(t, func() error {
		_, err := author.ValidatingAdmissionPolicies().Create(ctx, plain, metav1.CreateOptions{})
		return err
	})
	t.Cleanup(func() {
		_ = admin.AdmissionregistrationV1().ValidatingAdmissionPolicies().Delete(ctx, plain.Name, metav1.DeleteOptions{})
	})

	withParams := admregPolicy("admreg-author-params")
	withParams.Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "v1", Kind: "ConfigMap"}
	_, err := author.ValidatingAdmissionPolicies().Create(ctx, withParams, metav1.CreateOptions{})
	expectInvalid(t, err, admissionregistrationv1.GroupName, "ValidatingAdmissionPolicy", withParams.Name,
		`spec.paramKind: Forbidden: user &{admreg-author  [system:authenticated] map[]} must have "get" permission on all objects of the referenced paramKind (kind=ConfigMap, apiVersion=v1)`)

	// The admin's policy reads ConfigMaps; binding it to one takes the right to get that ConfigMap.
	if _, err := admin.AdmissionregistrationV1().ValidatingAdmissionPolicies().Create(ctx, withParams, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = admin.AdmissionregistrationV1().ValidatingAdmissionPolicies().Delete(ctx, withParams.Name, metav1.DeleteOptions{})
	})
	_, err = author.ValidatingAdmissionPolicyBindings().Create(ctx, &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-author-binding"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        withParams.Name,
			ParamRef:          &admissionregistrationv1.ParamRef{Name: "limits", Namespace: "admreg-params"},
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit},
		},
	}, metav1.CreateOptions{})
	expectInvalid(t, err, admissionregistrationv1.GroupName, "ValidatingAdmissionPolicyBinding", "admreg-author-binding",
		`spec.paramRef: Forbidden: user &{admreg-author  [system:authenticated] map[]} does not have "get" permission on the object referenced by paramRef`)
}
