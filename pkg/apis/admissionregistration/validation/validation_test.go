package validation

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/utils/ptr"
)

func expectErrors(t *testing.T, errs field.ErrorList, want ...string) {
	t.Helper()
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	sort.Strings(got)
	sort.Strings(want)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("errors:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}

var configMapRule = admissionregistrationv1.RuleWithOperations{
	Operations: []admissionregistrationv1.OperationType{admissionregistrationv1.Create},
	Rule:       admissionregistrationv1.Rule{APIGroups: []string{""}, APIVersions: []string{"v1"}, Resources: []string{"configmaps"}},
}

func validWebhook() admissionregistrationv1.ValidatingWebhook {
	return admissionregistrationv1.ValidatingWebhook{
		Name:                    "a.b.c",
		ClientConfig:            admissionregistrationv1.WebhookClientConfig{URL: ptr.To("https://example.com/hook")},
		Rules:                   []admissionregistrationv1.RuleWithOperations{configMapRule},
		SideEffects:             ptr.To(admissionregistrationv1.SideEffectClassNone),
		AdmissionReviewVersions: []string{"v1"},
	}
}

func TestWebhookConfiguration(t *testing.T) {
	c := &admissionregistrationv1.ValidatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "c"}, Webhooks: []admissionregistrationv1.ValidatingWebhook{validWebhook(), validWebhook()}}
	c.Webhooks[1].ClientConfig = admissionregistrationv1.WebhookClientConfig{Service: &admissionregistrationv1.ServiceReference{Namespace: "ns", Path: ptr.To("no-slash")}}
	c.Webhooks[1].Rules[0].Resources = []string{"pods/*", "pods/status", "*"}
	c.Webhooks[1].SideEffects = nil
	c.Webhooks[1].AdmissionReviewVersions = nil
	expectErrors(t, ValidateValidatingWebhookConfiguration(c),
		`webhooks[1].name: Duplicate value: "a.b.c"`,
		// kube-apiserver hands the library the name as namespace: a missing name is reported there.
		`webhooks[1].clientConfig.service.namespace: Required value`,
		`webhooks[1].clientConfig.service.path: Invalid value: "no-slash": must start with a '/'`,
		`webhooks[1].rules[0].resources[1]: Invalid value: "pods/status": if 'pods/*' is present, must not specify pods/status`,
		`webhooks[1].sideEffects: Required value: must specify one of None, NoneOnDryRun`,
		`webhooks[1].admissionReviewVersions: Required value: must specify one of v1, v1beta1`,
	)

	// Stored webhooks with side effects, duplicate names or unknown review versions may be updated.
	old := c.DeepCopy()
	old.Webhooks[1] = validWebhook()
	old.Webhooks[1].SideEffects = ptr.To(admissionregistrationv1.SideEffectClassUnknown)
	old.Webhooks[1].AdmissionReviewVersions = []string{"v0"}
	updated := old.DeepCopy()
	updated.Webhooks[1].TimeoutSeconds = ptr.To[int32](5)
	expectErrors(t, ValidateValidatingWebhookConfigurationUpdate(updated, old))
	expectErrors(t, ValidateValidatingWebhookConfiguration(updated),
		`webhooks[1].name: Duplicate value: "a.b.c"`,
		`webhooks[1].sideEffects: Unsupported value: "Unknown": supported values: "None", "NoneOnDryRun"`,
		`webhooks[1].admissionReviewVersions: Invalid value: ["v0"]: must include at least one of v1, v1beta1`,
	)
}

func TestMutatingWebhookReinvocation(t *testing.T) {
	hook := validWebhook()
	c := &admissionregistrationv1.MutatingWebhookConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "c"}, Webhooks: []admissionregistrationv1.MutatingWebhook{{
		Name: hook.Name, ClientConfig: hook.ClientConfig, Rules: hook.Rules, SideEffects: hook.SideEffects, AdmissionReviewVersions: hook.AdmissionReviewVersions,
		ReinvocationPolicy: ptr.To[admissionregistrationv1.ReinvocationPolicyType]("Always"),
	}}}
	expectErrors(t, ValidateMutatingWebhookConfiguration(c), `webhooks[0].reinvocationPolicy: Unsupported value: "Always": supported values: "IfNeeded", "Never"`)
}

func validPolicy() *admissionregistrationv1.ValidatingAdmissionPolicy {
	return &admissionregistrationv1.ValidatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "p"},
		Spec: admissionregistrationv1.ValidatingAdmissionPolicySpec{
			FailurePolicy: ptr.To(admissionregistrationv1.Fail),
			MatchConstraints: &admissionregistrationv1.MatchResources{
				MatchPolicy: ptr.To(admissionregistrationv1.Equivalent), NamespaceSelector: &metav1.LabelSelector{}, ObjectSelector: &metav1.LabelSelector{},
				ResourceRules: []admissionregistrationv1.NamedRuleWithOperations{{RuleWithOperations: configMapRule}},
			},
			Validations: []admissionregistrationv1.Validation{{Expression: "true"}},
		},
	}
}

func TestValidatingAdmissionPolicy(t *testing.T) {
	expectErrors(t, ValidateValidatingAdmissionPolicy(validPolicy()))

	p := validPolicy()
	p.Spec.ParamKind = &admissionregistrationv1.ParamKind{APIVersion: "a/b/c", Kind: "Bad_Kind"}
	p.Spec.Variables = []admissionregistrationv1.Variable{{Name: "ok", Expression: "1"}, {Name: "in", Expression: "variables.ok + 1"}}
	p.Spec.Validations = []admissionregistrationv1.Validation{{Expression: "variables.ok == 1", MessageExpression: "  ", Reason: ptr.To[metav1.StatusReason]("Teapot")}}
	p.Spec.AuditAnnotations = []admissionregistrationv1.AuditAnnotation{{Key: "k", ValueExpression: "'v'"}, {Key: "k", ValueExpression: ""}}
	expectErrors(t, ValidateValidatingAdmissionPolicy(p),
		`spec.paramKind.apiVersion: Invalid value: "a/b/c": unexpected GroupVersion string: a/b/c`,
		`spec.paramKind.kind: Invalid value: "Bad_Kind": may have mixed case, but should otherwise match: a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')`,
		`spec.variables[1].name: Invalid value: "in": name is not a valid CEL identifier`,
		`spec.validations[0].messageExpression: Invalid value: "  ": must be non-empty if specified`,
		`spec.validations[0].reason: Unsupported value: "Teapot": supported values: "Forbidden", "Invalid", "RequestEntityTooLarge"`,
		`spec.auditAnnotations[1].key: Duplicate value: "k"`,
		`spec.auditAnnotations[1].valueExpression: Required value: valueExpression is not specified`,
	)

	empty := validPolicy()
	empty.Spec.Validations = nil
	empty.Spec.FailurePolicy = nil
	empty.Spec.MatchConstraints.ResourceRules = nil
	expectErrors(t, ValidateValidatingAdmissionPolicy(empty),
		`spec.failurePolicy: Required value`,
		`spec.matchConstraints.resourceRules: Required value`,
		`spec.validations: Required value: validations or auditAnnotations must contain at least one item`,
		`spec.auditAnnotations: Required value: validations or auditAnnotations must contain at least one item`,
	)
}

func TestValidatingAdmissionPolicyUpdateKeepsMatchConditions(t *testing.T) {
	old := validPolicy()
	// Too many match conditions were accepted once; an update that keeps them is not refused.
	for i := range 65 {
		old.Spec.MatchConditions = append(old.Spec.MatchConditions, admissionregistrationv1.MatchCondition{Name: fmt.Sprintf("c%d", i), Expression: "true"})
	}
	updated := old.DeepCopy()
	updated.Spec.Validations[0].Expression = "false"
	expectErrors(t, ValidateValidatingAdmissionPolicyUpdate(updated, old))
	if errs := ValidateValidatingAdmissionPolicy(updated); len(errs) != 1 || errs[0].Type != field.ErrorTypeTooMany {
		t.Errorf("create = %v, want one TooMany", errs)
	}
}

func TestMutatingAdmissionPolicy(t *testing.T) {
	v := validPolicy()
	p := &admissionregistrationv1.MutatingAdmissionPolicy{
		ObjectMeta: metav1.ObjectMeta{Name: "p"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicySpec{
			FailurePolicy:    v.Spec.FailurePolicy,
			MatchConstraints: v.Spec.MatchConstraints,
			Mutations: []admissionregistrationv1.Mutation{
				{PatchType: admissionregistrationv1.PatchTypeApplyConfiguration, ApplyConfiguration: &admissionregistrationv1.ApplyConfiguration{Expression: "Object{}"}},
				{PatchType: admissionregistrationv1.PatchTypeJSONPatch},
				{PatchType: "Merge"},
			},
			ReinvocationPolicy: admissionregistrationv1.IfNeededReinvocationPolicy,
		},
	}
	expectErrors(t, ValidateMutatingAdmissionPolicy(p),
		`spec.mutations[1].jsonPatch: Required value: must be specified when patchType is JSONPatch`,
		`spec.mutations[2].patchType: Unsupported value: "Merge": supported values: "ApplyConfiguration", "JSONPatch"`,
	)
}

func TestBindings(t *testing.T) {
	b := &admissionregistrationv1.MutatingAdmissionPolicyBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "b"},
		Spec: admissionregistrationv1.MutatingAdmissionPolicyBindingSpec{
			PolicyName:     "Not_A_Name",
			ParamRef:       &admissionregistrationv1.ParamRef{},
			MatchResources: &admissionregistrationv1.MatchResources{},
		},
	}
	expectErrors(t, ValidateMutatingAdmissionPolicyBinding(b),
		`spec.policyName: Invalid value: "Not_A_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
		`spec.paramRef: Required value: one of name or selector must be specified`,
		`spec.paramRef.parameterNotFoundAction: Required value`,
		// kube-apiserver reports matchResources under this misspelling.
		`spec.matchResouces.matchPolicy: Required value`,
		`spec.matchResouces.namespaceSelector: Required value`,
		`spec.matchResouces.objectSelector: Required value`,
	)
	vb := &admissionregistrationv1.ValidatingAdmissionPolicyBinding{ObjectMeta: metav1.ObjectMeta{Name: "b"}, Spec: admissionregistrationv1.ValidatingAdmissionPolicyBindingSpec{PolicyName: "p"}}
	expectErrors(t, ValidateValidatingAdmissionPolicyBinding(vb), `spec.validationActions: Required value: at least one validation action is required`)
}

func TestPolicyStatus(t *testing.T) {
	p := validPolicy()
	p.Status.TypeChecking = &admissionregistrationv1.TypeChecking{ExpressionWarnings: []admissionregistrationv1.ExpressionWarning{{FieldRef: "spec.validations[0"}}}
	expectErrors(t, ValidateValidatingAdmissionPolicyStatusUpdate(p, validPolicy()),
		`status.typeChecking.expressionWarnings[0].warning: Required value`,
		`status.typeChecking.expressionWarnings[0].fieldRef: Invalid value: "spec.validations[0": invalid JSONPath: unterminated array`,
	)
}
