package integration

import (
	"context"
	"reflect"
	"testing"
	"time"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/client-go/kubernetes"
)

// admregRules matches creates of ConfigMaps, the resource the admission tests send through their
// webhooks and policies.
var admregRules = []admissionregistrationv1.RuleWithOperations{{
	Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
	Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}},
}}

func admregValidatingWebhook(name, url string) admissionregistrationv1.ValidatingWebhook {
	return admissionregistrationv1.ValidatingWebhook{
		Name:                    name,
		ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: &url},
		Rules:                   admregRules,
		SideEffects:             ptr(admissionregistrationv1.SideEffectClassNone),
		AdmissionReviewVersions: []string{"v1"},
	}
}

func admregPolicy(name string) *admissionregistrationv1.ValidatingAdmissionPolicy {
	return &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: admregRules[0]}}},
			Validations:      []admissionregistrationv1.Validation{{Expression: "object.metadata.name != 'forbidden'"}},
		},
	}
}

func TestAdmissionRegistrationDefaults(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ar := client.AdmissionregistrationV1()

	vwc, err := ar.ValidatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-defaults"},
		Webhooks:   []admissionregistrationv1.ValidatingWebhook{admregValidatingWebhook("defaults.admreg.kapi.dev", "https://127.0.0.1:1/never")},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingWebhookConfigurations().Delete(ctx, vwc.Name, metav1.DeleteOptions{}) })
	hook := vwc.Webhooks[0]
	if *hook.FailurePolicy != admissionregistrationv1.Fail || *hook.MatchPolicy != admissionregistrationv1.Equivalent || *hook.TimeoutSeconds != 10 ||
		!reflect.DeepEqual(hook.NamespaceSelector, &metav1.LabelSelector{}) || !reflect.DeepEqual(hook.ObjectSelector, &metav1.LabelSelector{}) ||
		*hook.Rules[0].Scope != admissionregistrationv1.AllScopes || vwc.Generation != 1 {
		t.Errorf("validating webhook defaults = %+v (generation %d)", hook, vwc.Generation)
	}
	// The webhook never answers; it must not stand in the way of anything.
	vwc.Webhooks[0].NamespaceSelector = &metav1.LabelSelector{MatchLabels: map[string]string{"admreg": "nothing"}}
	if vwc, err = ar.ValidatingWebhookConfigurations().Update(ctx, vwc, metav1.UpdateOptions{}); err != nil || vwc.Generation != 2 {
		t.Fatalf("update = generation %d, %v; want generation 2", vwc.Generation, err)
	}

	service := "webhook"
	mwc, err := ar.MutatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.MutatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-defaults"},
		Webhooks: []admissionregistrationv1.MutatingWebhook{{
			Name:                    "defaults.admreg.kapi.dev",
			ClientConfig:            admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: "nowhere", Name: service}},
			SideEffects:             ptr(admissionregistrationv1.SideEffectClassNone),
			AdmissionReviewVersions: []string{"v1"},
		}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.MutatingWebhookConfigurations().Delete(ctx, mwc.Name, metav1.DeleteOptions{}) })
	if m := mwc.Webhooks[0]; *m.ReinvocationPolicy != admissionregistrationv1.NeverReinvocationPolicy || *m.ClientConfig.Service.Port != 443 || *m.TimeoutSeconds != 10 {
		t.Errorf("mutating webhook defaults = %+v", m)
	}

	vap, err := ar.ValidatingAdmissionPolicies().Create(ctx, admregPolicy("admreg-defaults"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicies().Delete(ctx, vap.Name, metav1.DeleteOptions{}) })
	mc := vap.Spec.MatchConstraints
	if *vap.Spec.FailurePolicy != admissionregistrationv1.Fail || *mc.MatchPolicy != admissionregistrationv1.Equivalent ||
		mc.NamespaceSelector == nil || mc.ObjectSelector == nil || *mc.ResourceRules[0].Scope != admissionregistrationv1.AllScopes {
		t.Errorf("policy defaults = %+v", vap.Spec)
	}

	binding, err := ar.ValidatingAdmissionPolicyBindings().Create(ctx, &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-defaults"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        "admreg-none",
			ParamRef:          &admissionregistrationv1.ParamRef{Name: "p"},
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicyBindings().Delete(ctx, binding.Name, metav1.DeleteOptions{}) })
	if *binding.Spec.ParamRef.ParameterNotFoundAction != admissionregistrationv1.DenyAction {
		t.Errorf("parameterNotFoundAction = %s, want Deny", *binding.Spec.ParamRef.ParameterNotFoundAction)
	}

	mp, err := ar.MutatingAdmissionPolicies().Create(ctx, &admissionregistrationv1.MutatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-defaults"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
			MatchConstraints:   &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: admregRules[0]}}},
			Mutations:          []admissionregistrationv1.Mutation{{PatchType: admissionregistrationv1.PatchTypeApplyConfiguration, ApplyConfiguration: &admissionregistrationv1.ApplyConfiguration{Expression: "Object{}"}}},
			ReinvocationPolicy: admissionregistrationv1.NeverReinvocationPolicy,
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.MutatingAdmissionPolicies().Delete(ctx, mp.Name, metav1.DeleteOptions{}) })
	if *mp.Spec.FailurePolicy != admissionregistrationv1.Fail || *mp.Spec.MatchConstraints.MatchPolicy != admissionregistrationv1.Equivalent {
		t.Errorf("mutating policy defaults = %+v", mp.Spec)
	}
	mb, err := ar.MutatingAdmissionPolicyBindings().Create(ctx, &admissionregistrationv1.MutatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-defaults"},
		Spec:       admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{PolicyName: "admreg-none", MatchResources: &admissionregistrationv1.MatchResources{}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.MutatingAdmissionPolicyBindings().Delete(ctx, mb.Name, metav1.DeleteOptions{}) })
	if m := mb.Spec.MatchResources; *m.MatchPolicy != admissionregistrationv1.Equivalent || m.NamespaceSelector == nil || m.ObjectSelector == nil {
		t.Errorf("mutating binding matchResources = %+v", m)
	}
}

func TestAdmissionRegistrationValidation(t *testing.T) {
	ctx := context.Background()
	ar := jsonClient(t).AdmissionregistrationV1()
	const group = "admissionregistration.k8s.io"

	bad := &admissionregistrationv1.ValidatingWebhookConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-invalid"},
		Webhooks: []admissionregistrationv1.ValidatingWebhook{{
			Name:         "nodots",
			ClientConfig: admissionregistrationv1.WebhookClientConfig{URL: ptr("http://example.com/hook")},
			Rules: []admissionregistrationv1.RuleWithOperations{{
				Operations: []admissionregistrationv1.OperationType{"*", "CREATE"},
				Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"*/*", "pods"}},
			}},
			SideEffects:             ptr(admissionregistrationv1.SideEffectClassSome),
			TimeoutSeconds:          ptr[int32](31),
			AdmissionReviewVersions: []string{"v2"},
			MatchConditions:         []admissionregistrationv1.MatchCondition{{Name: "broken", Expression: "object.metadata.name =="}},
		}},
	}
	_, err := ar.ValidatingWebhookConfigurations().Create(ctx, bad, metav1.CreateOptions{})
	expectInvalid(t, err, group, "ValidatingWebhookConfiguration", "admreg-invalid",
		`webhooks[0].name: Invalid value: "nodots": should be a domain with at least three segments separated by dots`,
		`webhooks[0].rules[0].operations: Invalid value: ["*","CREATE"]: if '*' is present, must not specify other operations`,
		`webhooks[0].rules[0].resources: Invalid value: ["*/*","pods"]: if '*/*' is present, must not specify other resources`,
		`webhooks[0].sideEffects: Unsupported value: "Some": supported values: "None", "NoneOnDryRun"`,
		`webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds`,
		`webhooks[0].clientConfig.url: Invalid value: "http": 'https' is the only allowed URL scheme; desired format: https://host[/path]`,
		`webhooks[0].matchConditions[0].expression: Invalid value: "object.metadata.name ==": compilation failed: ERROR: <input>:1:24: Syntax error: mismatched input '<EOF>' expecting {'[', '{', '(', '.', '-', '!', 'true', 'false', 'null', NUM_FLOAT, NUM_INT, NUM_UINT, STRING, BYTES, IDENTIFIER}
 | object.metadata.name ==
 | .......................^`,
		`webhooks[0].admissionReviewVersions: Invalid value: ["v2"]: must include at least one of v1, v1beta1`,
	)

	policy := admregPolicy("admreg-invalid")
	policy.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "object.spec.replicas > params.max", Message: "two\nlines"}}
	_, err = ar.ValidatingAdmissionPolicies().Create(ctx, policy, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.validations[0].expression", metav1.CauseTypeFieldValueInvalid, "compilation failed: ERROR: <input>:1:24: undeclared reference to 'params' (in container '')")
	expectInvalidCause(t, err, "spec.validations[0].message", metav1.CauseTypeFieldValueInvalid, "message must not contain line breaks")

	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-invalid"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			ParamRef:          &admissionregistrationv1.ParamRef{Name: "p", Selector: &metav1.LabelSelector{}},
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Deny, admissionregistrationv1.Warn},
		},
	}
	_, err = ar.ValidatingAdmissionPolicyBindings().Create(ctx, binding, metav1.CreateOptions{})
	expectInvalid(t, err, group, "ValidatingAdmissionPolicyBinding", "admreg-invalid",
		`spec.policyName: Required value`,
		`spec.paramRef.name: Forbidden: name and selector are mutually exclusive`,
		`spec.paramRef.selector: Forbidden: name and selector are mutually exclusive`,
		`spec.validationActions: Invalid value: ["Deny","Warn"]: must not contain both Deny and Warn (repeating the same validation failure information in the API response and headers serves no purpose)`,
	)

	mutating := &admissionregistrationv1.MutatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-invalid"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
			MatchConstraints: &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: admregRules[0]}}},
			Mutations:        []admissionregistrationv1.Mutation{{PatchType: admissionregistrationv1.PatchTypeJSONPatch, JSONPatch: &admissionregistrationv1.JSONPatch{Expression: "'not a patch'"}}},
		},
	}
	_, err = ar.MutatingAdmissionPolicies().Create(ctx, mutating, metav1.CreateOptions{})
	expectInvalidCause(t, err, "spec.reinvocationPolicy", metav1.CauseTypeFieldValueRequired, "")
	expectInvalidCause(t, err, "spec.mutations[0].jsonPatch.expression", metav1.CauseTypeFieldValueInvalid, "must evaluate to list(JSONPatch) but got string")
}

func TestAdmissionRegistrationTables(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	ar := client.AdmissionregistrationV1()
	vap := admregPolicy("admreg-table")
	vap.Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "v1", Kind: "ConfigMap"}
	if _, err := ar.ValidatingAdmissionPolicies().Create(ctx, vap, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicies().Delete(ctx, vap.Name, metav1.DeleteOptions{}) })
	binding := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "admreg-table"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{
			PolicyName:        "admreg-table",
			ParamRef:          &admissionregistrationv1.ParamRef{Name: "limits"},
			ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit},
			MatchResources:    &admissionregistrationv1.MatchResources{NamespaceSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"admreg": "nothing"}}},
		},
	}
	if _, err := ar.ValidatingAdmissionPolicyBindings().Create(ctx, binding, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = ar.ValidatingAdmissionPolicyBindings().Delete(ctx, binding.Name, metav1.DeleteOptions{}) })

	const base = "/apis/admissionregistration.k8s.io/v1/"
	for path, want := range map[string][]string{
		base + "validatingwebhookconfigurations":   {"Name", "Webhooks", "Age"},
		base + "mutatingwebhookconfigurations":     {"Name", "Webhooks", "Age"},
		base + "validatingadmissionpolicies":       {"Name", "Validations", "ParamKind", "Age"},
		base + "validatingadmissionpolicybindings": {"Name", "PolicyName", "ParamRef", "Age"},
		base + "mutatingadmissionpolicies":         {"Name", "Mutations", "ParamKind", "Age"},
		base + "mutatingadmissionpolicybindings":   {"Name", "PolicyName", "ParamRef", "Age"},
	} {
		if got, _ := columnNames(t, client, path); !reflect.DeepEqual(got, want) {
			t.Errorf("%s columns = %v, want %v", path, got, want)
		}
	}
	_, table := columnNames(t, client, base+"validatingadmissionpolicies/admreg-table")
	if cells := table.Rows[0].Cells; !reflect.DeepEqual(cells[:3], []interface{}{"admreg-table", int64(1), "v1/ConfigMap"}) {
		t.Errorf("policy row = %v", cells)
	}
	_, table = columnNames(t, client, base+"validatingadmissionpolicybindings/admreg-table")
	if cells := table.Rows[0].Cells; !reflect.DeepEqual(cells[:3], []interface{}{"admreg-table", "admreg-table", "*/limits"}) {
		t.Errorf("binding row = %v", cells)
	}
}

// TestAdmissionRegistrationEtcdKeys checks that every resource of the group lands under
// kube-apiserver's key, in protobuf.
func TestAdmissionRegistrationEtcdKeys(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	ar := kubernetes.NewForConfigOrDie(kapi.ClientConfig).AdmissionregistrationV1()
	nowhere := &metav1.LabelSelector{MatchLabels: map[string]string{"admreg": "nothing"}}

	hook := admregValidatingWebhook("keys.admreg.kapi.dev", "https://127.0.0.1:1/never")
	hook.NamespaceSelector = nowhere
	mustCreate := func(_ runtime.Object, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	mustCreate(ar.ValidatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.ValidatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "k"}, Webhooks: []admissionregistrationv1.ValidatingWebhook{hook}}, metav1.CreateOptions{}))
	mutatingHook := admissionregistrationv1.MutatingWebhook{Name: hook.Name, ClientConfig: hook.ClientConfig, Rules: hook.Rules, SideEffects: hook.SideEffects, AdmissionReviewVersions: hook.AdmissionReviewVersions, NamespaceSelector: nowhere}
	mustCreate(ar.MutatingWebhookConfigurations().Create(ctx, &admissionregistrationv1.MutatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "k"}, Webhooks: []admissionregistrationv1.MutatingWebhook{mutatingHook}}, metav1.CreateOptions{}))
	mustCreate(ar.ValidatingAdmissionPolicies().Create(ctx, admregPolicy("k"), metav1.CreateOptions{}))
	mustCreate(ar.ValidatingAdmissionPolicyBindings().Create(ctx, &admissionregistrationv1.ValidatingAdmissionPolicyBinding{ObjectMeta: metav1.ObjectMeta{Name: "k"}, Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{PolicyName: "none", ValidationActions: []admissionregistrationv1.ValidationAction{admissionregistrationv1.Audit}}}, metav1.CreateOptions{}))
	mustCreate(ar.MutatingAdmissionPolicies().Create(ctx, &admissionregistrationv1.MutatingAdmissionPolicy{ObjectMeta: metav1.ObjectMeta{Name: "k"}, Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
		MatchConstraints:   &admissionregistrationv1.MatchResources{ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: admregRules[0]}}},
		Mutations:          []admissionregistrationv1.Mutation{{PatchType: admissionregistrationv1.PatchTypeApplyConfiguration, ApplyConfiguration: &admissionregistrationv1.ApplyConfiguration{Expression: "Object{}"}}},
		ReinvocationPolicy: admissionregistrationv1.NeverReinvocationPolicy,
	}}, metav1.CreateOptions{}))
	mustCreate(ar.MutatingAdmissionPolicyBindings().Create(ctx, &admissionregistrationv1.MutatingAdmissionPolicyBinding{ObjectMeta: metav1.ObjectMeta{Name: "k"}, Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{PolicyName: "none"}}, metav1.CreateOptions{}))

	for key, into := range map[string]runtime.Object{
		"/registry/validatingwebhookconfigurations/k":   &admissionregistrationv1.ValidatingWebhookConfiguration{},
		"/registry/mutatingwebhookconfigurations/k":     &admissionregistrationv1.MutatingWebhookConfiguration{},
		"/registry/validatingadmissionpolicies/k":       &admissionregistrationv1.ValidatingAdmissionPolicy{},
		"/registry/validatingadmissionpolicybindings/k": &admissionregistrationv1.ValidatingAdmissionPolicyBinding{},
		"/registry/mutatingadmissionpolicies/k":         &admissionregistrationv1.MutatingAdmissionPolicy{},
		"/registry/mutatingadmissionpolicybindings/k":   &admissionregistrationv1.MutatingAdmissionPolicyBinding{},
	} {
		readEtcd(t, ctx, etcdClient, key, into)
		if got := into.GetObjectKind().GroupVersionKind().GroupVersion().String(); got != "admissionregistration.k8s.io/v1" {
			t.Errorf("%s stored as %s", key, got)
		}
	}
}
