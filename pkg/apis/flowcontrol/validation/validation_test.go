package validation

import (
	"sort"
	"strings"
	"testing"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
	"k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap"
	"k8s.io/utils/ptr"
)

func errorStrings(errs field.ErrorList) string {
	var got []string
	for _, e := range errs {
		got = append(got, e.Error())
	}
	sort.Strings(got)
	return strings.Join(got, "\n")
}

func expectErrors(t *testing.T, errs field.ErrorList, want []string) {
	t.Helper()
	sort.Strings(want)
	if got := errorStrings(errs); got != strings.Join(want, "\n") {
		t.Errorf("errors:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func userRule(mutate func(*flowcontrolv1.PolicyRulesWithSubjects)) []flowcontrolv1.PolicyRulesWithSubjects {
	rule := flowcontrolv1.PolicyRulesWithSubjects{
		Subjects: []flowcontrolv1.Subject{{Kind: flowcontrolv1.SubjectKindUser, User: &flowcontrolv1.UserSubject{Name: "alice"}}},
		ResourceRules: []flowcontrolv1.ResourcePolicyRule{{
			Verbs: []string{"get"}, APIGroups: []string{""}, Resources: []string{"pods"}, Namespaces: []string{"default"},
		}},
	}
	if mutate != nil {
		mutate(&rule)
	}
	return []flowcontrolv1.PolicyRulesWithSubjects{rule}
}

func TestValidateFlowSchema(t *testing.T) {
	// Cases without a priority level get global-default's, except where noPriorityLevel says so.
	tests := []struct {
		name            string
		fsName          string
		spec            flowcontrolv1.FlowSchemaSpec
		noPriorityLevel bool
		want            []string
	}{
		{name: "valid", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 100, Rules: userRule(nil)}},
		{name: "precedence out of range", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 10001}, want: []string{
			"spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000",
		}},
		{name: "precedence 1 is exempt's", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 1}, want: []string{
			"spec.matchingPrecedence: Invalid value: 1: only the schema named 'exempt' may have matchingPrecedence 1",
		}},
		{name: "no priority level and bad distinguisher", noPriorityLevel: true, spec: flowcontrolv1.FlowSchemaSpec{
			MatchingPrecedence:  -1,
			DistinguisherMethod: &flowcontrolv1.FlowDistinguisherMethod{Type: "ByColor"},
		}, want: []string{
			"spec.matchingPrecedence: Invalid value: -1: must be a positive value",
			"spec.priorityLevelConfiguration.name: Required value: must reference a priority level",
			`spec.distinguisherMethod.type: Unsupported value: {"type":"ByColor"}: supported values: "ByNamespace", "ByUser"`,
		}},
		{name: "empty rule", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 100, Rules: []flowcontrolv1.PolicyRulesWithSubjects{{}}}, want: []string{
			"spec.rules[0].subjects: Required value: subjects must contain at least one value",
			"spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty",
		}},
		{name: "subjects", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 100, Rules: userRule(func(r *flowcontrolv1.PolicyRulesWithSubjects) {
			r.Subjects = []flowcontrolv1.Subject{
				{Kind: flowcontrolv1.SubjectKindUser, Group: &flowcontrolv1.GroupSubject{Name: "g"}},
				{Kind: flowcontrolv1.SubjectKindServiceAccount, ServiceAccount: &flowcontrolv1.ServiceAccountSubject{Name: "*"}},
				{Kind: flowcontrolv1.SubjectKindGroup, Group: &flowcontrolv1.GroupSubject{}},
				{Kind: "Robot"},
			}
		})}, want: []string{
			"spec.rules[0].subjects[0].user: Required value: user is required when subject kind is 'User'",
			"spec.rules[0].subjects[0].group: Forbidden: group is forbidden when subject kind is not 'Group'",
			"spec.rules[0].subjects[1].serviceAccount.namespace: Required value: must specify namespace for service account",
			"spec.rules[0].subjects[2].group.name: Required value",
			`spec.rules[0].subjects[3].kind: Unsupported value: "Robot": supported values: "Group", "ServiceAccount", "User"`,
		}},
		{name: "resource rule", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 100, Rules: userRule(func(r *flowcontrolv1.PolicyRulesWithSubjects) {
			r.ResourceRules = []flowcontrolv1.ResourcePolicyRule{
				{Verbs: []string{"*", "get"}, APIGroups: []string{"*", "apps"}, Resources: []string{"*", "pods"}, Namespaces: []string{"Bad_NS"}},
				{Verbs: []string{"fly"}},
			}
		})}, want: []string{
			`spec.rules[0].resourceRules[0].verbs: Invalid value: ["*","get"]: if '*' is present, must not specify other verbs`,
			`spec.rules[0].resourceRules[0].apiGroups: Invalid value: ["*","apps"]: if '*' is present, must not specify other api groups`,
			`spec.rules[0].resourceRules[0].resources: Invalid value: ["*","pods"]: if '*' is present, must not specify other resources`,
			`spec.rules[0].resourceRules[0].namespaces[0]: Invalid value: "Bad_NS": each member of this list must be '*' or a DNS-1123 label; a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
			`spec.rules[0].resourceRules[1].verbs: Unsupported value: ["fly"]: supported values: "create", "delete", "deletecollection", "get", "list", "patch", "proxy", "update", "watch"`,
			"spec.rules[0].resourceRules[1].apiGroups: Required value: resource rules must supply at least one api group",
			"spec.rules[0].resourceRules[1].resources: Required value: resource rules must supply at least one resource",
			"spec.rules[0].resourceRules[1].namespaces: Required value: resource rules that are not cluster scoped must supply at least one namespace",
		}},
		{name: "non-resource rule", spec: flowcontrolv1.FlowSchemaSpec{MatchingPrecedence: 100, Rules: userRule(func(r *flowcontrolv1.PolicyRulesWithSubjects) {
			r.ResourceRules = nil
			r.NonResourceRules = []flowcontrolv1.NonResourcePolicyRule{
				{Verbs: []string{"get"}, NonResourceURLs: []string{"healthz", "/a b", "/a//b", "/a*", "/ok/*", "/"}},
				{Verbs: []string{"get"}, NonResourceURLs: []string{"*", "/x"}},
				{},
			}
		})}, want: []string{
			`spec.rules[0].nonResourceRules[0].nonResourceURLs[0]: Invalid value: "healthz": must start with slash`,
			`spec.rules[0].nonResourceRules[0].nonResourceURLs[1]: Invalid value: "/a b": must not contain white-space`,
			`spec.rules[0].nonResourceRules[0].nonResourceURLs[2]: Invalid value: "/a//b": must not contain double slash`,
			`spec.rules[0].nonResourceRules[0].nonResourceURLs[3]: Invalid value: "/a*": wildcard can only do suffix matching`,
			`spec.rules[0].nonResourceRules[1].nonResourceURLs: Invalid value: ["*","/x"]: if '*' is present, must not specify other non-resource URLs`,
			"spec.rules[0].nonResourceRules[2].verbs: Required value: verbs must contain at least one value",
			"spec.rules[0].nonResourceRules[2].nonResourceURLs: Required value: nonResourceURLs must contain at least one value",
		}},
		{name: "mandatory catch-all must keep its spec", fsName: "catch-all", spec: flowcontrolv1.FlowSchemaSpec{
			MatchingPrecedence: 10000, PriorityLevelConfiguration: flowcontrolv1.PriorityLevelConfigurationReference{Name: "catch-all"},
		}, want: []string{`spec: Invalid value: {"priorityLevelConfiguration":{"name":"catch-all"},"matchingPrecedence":10000}: spec of 'catch-all' must equal the fixed value`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.fsName
			if name == "" {
				name = "fs"
			}
			if tt.spec.PriorityLevelConfiguration.Name == "" && !tt.noPriorityLevel {
				tt.spec.PriorityLevelConfiguration.Name = "global-default"
			}
			fs := &flowcontrolv1.FlowSchema{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: tt.spec}
			expectErrors(t, ValidateFlowSchema(fs), tt.want)
		})
	}
}

func TestMandatoryObjectsAreValid(t *testing.T) {
	for _, fs := range append(bootstrap.MandatoryFlowSchemas, bootstrap.SuggestedFlowSchemas...) {
		if errs := ValidateFlowSchema(fs); len(errs) > 0 {
			t.Errorf("bootstrap FlowSchema %s: %v", fs.Name, errs)
		}
	}
	for _, pl := range append(bootstrap.MandatoryPriorityLevelConfigurations, bootstrap.SuggestedPriorityLevelConfigurations...) {
		if errs := ValidatePriorityLevelConfiguration(pl); len(errs) > 0 {
			t.Errorf("bootstrap PriorityLevelConfiguration %s: %v", pl.Name, errs)
		}
	}
}

func TestValidatePriorityLevelConfiguration(t *testing.T) {
	limited := func(l flowcontrolv1.LimitedPriorityLevelConfiguration) flowcontrolv1.PriorityLevelConfigurationSpec {
		return flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited, Limited: &l}
	}
	queuing := func(q flowcontrolv1.QueuingConfiguration) flowcontrolv1.PriorityLevelConfigurationSpec {
		return limited(flowcontrolv1.LimitedPriorityLevelConfiguration{NominalConcurrencyShares: ptr.To[int32](1), LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeQueue, Queuing: &q}})
	}
	reject := flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeReject}
	tests := []struct {
		name   string
		plName string
		spec   flowcontrolv1.PriorityLevelConfigurationSpec
		want   []string
	}{
		{name: "valid queuing", spec: queuing(flowcontrolv1.QueuingConfiguration{Queues: 64, HandSize: 8, QueueLengthLimit: 50})},
		{name: "zero shares are allowed in v1", spec: limited(flowcontrolv1.LimitedPriorityLevelConfiguration{NominalConcurrencyShares: ptr.To[int32](0), LimitResponse: reject})},
		{name: "unknown type", spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: "Sometimes"}, want: []string{
			`spec.type: Unsupported value: "Sometimes": supported values: "Exempt", "Limited"`,
		}},
		{name: "exempt only by name", spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementExempt}, want: []string{
			`spec.type: Invalid value: "Exempt": type must be 'Exempt' if and only if name is 'exempt'`,
		}},
		{name: "limited without limits and with an exempt section", spec: flowcontrolv1.PriorityLevelConfigurationSpec{
			Type: flowcontrolv1.PriorityLevelEnablementLimited, Exempt: &flowcontrolv1.ExemptPriorityLevelConfiguration{},
		}, want: []string{
			"spec.exempt: Forbidden: must be nil if the type is Limited",
			"spec.limited: Required value: must not be empty when type is Limited",
		}},
		{name: "bad numbers", spec: limited(flowcontrolv1.LimitedPriorityLevelConfiguration{
			NominalConcurrencyShares: ptr.To[int32](-1), LendablePercent: ptr.To[int32](101), BorrowingLimitPercent: ptr.To[int32](-1),
			LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeReject, Queuing: &flowcontrolv1.QueuingConfiguration{}},
		}), want: []string{
			"spec.limited.nominalConcurrencyShares: Invalid value: -1: must be a non-negative integer",
			"spec.limited.lendablePercent: Invalid value: 101: must be between 0 and 100, inclusive",
			"spec.limited.borrowingLimitPercent: Invalid value: -1: if specified, must be a non-negative integer",
			"spec.limited.limitResponse.queuing: Forbidden: must be nil if limited.limitResponse.type is not Limited",
		}},
		{name: "queue without queuing", spec: limited(flowcontrolv1.LimitedPriorityLevelConfiguration{LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeQueue}}), want: []string{
			"spec.limited.limitResponse.queuing: Required value: must not be empty if limited.limitResponse.type is Limited",
		}},
		{name: "unknown limit response", spec: limited(flowcontrolv1.LimitedPriorityLevelConfiguration{LimitResponse: flowcontrolv1.LimitResponse{Type: "Shrug"}}), want: []string{
			`spec.limited.limitResponse.type: Unsupported value: "Shrug": supported values: "Queue", "Reject"`,
		}},
		{name: "queue shape", spec: queuing(flowcontrolv1.QueuingConfiguration{Queues: 10000001, HandSize: 0, QueueLengthLimit: 0}), want: []string{
			"spec.limited.limitResponse.queuing.queueLengthLimit: Invalid value: 0: must be positive",
			"spec.limited.limitResponse.queuing.queues: Invalid value: 10000001: must not be greater than 10000000",
			"spec.limited.limitResponse.queuing.handSize: Invalid value: 0: must be positive",
		}},
		{name: "hand bigger than deck", spec: queuing(flowcontrolv1.QueuingConfiguration{Queues: 4, HandSize: 5, QueueLengthLimit: 1}), want: []string{
			"spec.limited.limitResponse.queuing.handSize: Invalid value: 5: should not be greater than queues (4)",
		}},
		{name: "too much entropy", spec: queuing(flowcontrolv1.QueuingConfiguration{Queues: 1000000, HandSize: 1000, QueueLengthLimit: 1}), want: []string{
			"spec.limited.limitResponse.queuing.handSize: Invalid value: 1000: required entropy bits of deckSize 1000000 and handSize 1000 should not be greater than 60",
		}},
		{name: "mandatory exempt may tune its exempt section", plName: "exempt", spec: flowcontrolv1.PriorityLevelConfigurationSpec{
			Type: flowcontrolv1.PriorityLevelEnablementExempt, Exempt: &flowcontrolv1.ExemptPriorityLevelConfiguration{NominalConcurrencyShares: ptr.To[int32](5), LendablePercent: ptr.To[int32](200)},
		}, want: []string{"spec.exempt.lendablePercent: Invalid value: 200: must be between 0 and 100, inclusive"}},
		{name: "mandatory catch-all must keep its spec", plName: "catch-all", spec: limited(flowcontrolv1.LimitedPriorityLevelConfiguration{
			NominalConcurrencyShares: ptr.To[int32](50), LendablePercent: ptr.To[int32](0), LimitResponse: reject,
		}), want: []string{`spec: Invalid value: {"type":"Limited","limited":{"nominalConcurrencyShares":50,"limitResponse":{"type":"Reject"},"lendablePercent":0}}: spec of 'catch-all' must equal the fixed value`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			name := tt.plName
			if name == "" {
				name = "pl"
			}
			pl := &flowcontrolv1.PriorityLevelConfiguration{ObjectMeta: metav1.ObjectMeta{Name: name}, Spec: tt.spec}
			expectErrors(t, ValidatePriorityLevelConfiguration(pl), tt.want)
		})
	}
}

func TestValidateStatusConditions(t *testing.T) {
	status := flowcontrolv1.FlowSchemaStatus{Conditions: []flowcontrolv1.FlowSchemaCondition{{Type: "Dangling"}, {Type: "Dangling"}, {}}}
	expectErrors(t, ValidateFlowSchemaStatus(&status, field.NewPath("status")), []string{
		`status.conditions[1].type: Duplicate value: "Dangling"`,
		"status.conditions[2].type: Required value: must not be empty",
	})
}
