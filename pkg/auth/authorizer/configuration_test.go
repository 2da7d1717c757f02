package authorizer

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"k8s.io/apimachinery/pkg/util/sets"
	"k8s.io/apimachinery/pkg/util/wait"
	"k8s.io/apiserver/pkg/apis/apiserver"
	"k8s.io/apiserver/pkg/authentication/user"
	"k8s.io/apiserver/pkg/authorization/authorizer"
	authorizationcel "k8s.io/apiserver/pkg/authorization/cel"
	"k8s.io/component-base/metrics/legacyregistry"
)

func TestValidateWebhookFlags(t *testing.T) {
	tests := []struct {
		name   string
		config Config
		want   []string
	}{
		{"Webhook with its kubeconfig", Config{Modes: []string{ModeRBAC, ModeWebhook}, Webhook: WebhookFlags{ConfigFile: "webhook.kubeconfig"}}, []string{}},
		{"Webhook without its kubeconfig", Config{Modes: []string{ModeWebhook}}, []string{"authorization-mode Webhook's authorization config file not passed"}},
		{"a kubeconfig without Webhook", Config{Modes: []string{ModeRBAC}, Webhook: WebhookFlags{ConfigFile: "webhook.kubeconfig"}}, []string{"cannot specify --authorization-webhook-config-file without mode Webhook"}},
		{"Webhook twice", Config{Modes: []string{ModeWebhook, ModeWebhook}, Webhook: WebhookFlags{ConfigFile: "webhook.kubeconfig"}}, []string{`authorization-mode "Webhook" has mode specified more than once`}},
		{"an unknown mode", Config{Modes: []string{"Magic"}}, []string{`authorization-mode "Magic" is not a valid mode, valid modes are ABAC,AlwaysAllow,AlwaysDeny,Node,RBAC,Webhook`}},
		{"the modes are ignored beside a configuration file", Config{Modes: []string{"Magic"}, ConfigFile: writeConfig(t, "kind: AuthorizationConfiguration\napiVersion: apiserver.config.k8s.io/v1\nauthorizers: [{type: AlwaysAllow, name: alwaysallow}]\n")}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if diff := cmp.Diff(tt.want, errorStrings(tt.config.Validate())); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
}

// writeConfig writes an AuthorizationConfiguration file and returns its path.
func writeConfig(t *testing.T, data string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), "authz.yaml")
	if err := os.WriteFile(file, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	return file
}

// TestValidateConfigFile checks configuration files as kube-apiserver does at start: the library's
// validation, then its own rules on names.
func TestValidateConfigFile(t *testing.T) {
	kubeconfig := filepath.Join(t.TempDir(), "webhook.kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte("apiVersion: v1\nkind: Config\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	webhook := func(fields string) string {
		return fmt.Sprintf("{type: Webhook, name: hook, webhook: {%s}}", fields)
	}
	complete := fmt.Sprintf("timeout: 3s, authorizedTTL: 1m, unauthorizedTTL: 1m, subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: KubeConfigFile, kubeConfigFile: %s}", kubeconfig)
	configuration := func(version, authorizers string) string {
		return fmt.Sprintf("apiVersion: apiserver.config.k8s.io/%s\nkind: AuthorizationConfiguration\nauthorizers: [%s]\n", version, authorizers)
	}
	tests := []struct {
		name string
		data string
		want string
	}{
		{"v1 with every type", configuration("v1", "{type: Node, name: node}, {type: RBAC, name: rbac}, {type: ABAC, name: abac}, {type: AlwaysDeny, name: alwaysdeny}, {type: AlwaysAllow, name: alwaysallow}, "+webhook(complete)), ""},
		{"v1beta1", configuration("v1beta1", webhook(complete)), ""},
		{"v1alpha1", configuration("v1alpha1", webhook(complete)), ""},
		{"two webhooks", configuration("v1", webhook(complete)+", "+fmt.Sprintf("{type: Webhook, name: other, webhook: {%s}}", complete)), ""},
		{"in-cluster connection", configuration("v1", webhook("timeout: 3s, subjectAccessReviewVersion: v1beta1, failurePolicy: NoOpinion, connectionInfo: {type: InClusterConfig}")), ""},
		{"match conditions", configuration("v1", webhook(complete+", matchConditionSubjectAccessReviewVersion: v1, matchConditions: [{expression: \"request.user != 'admin'\"}]")), ""},
		{"no authorizers", configuration("v1", ""), "authorizers: Required value: at least one authorization mode must be defined"},
		{"an unknown type", configuration("v1", "{type: Magic, name: magic}"), `authorizers[0].type: Unsupported value: "Magic": supported values: "ABAC", "AlwaysAllow", "AlwaysDeny", "Node", "RBAC", "Webhook"`},
		{"RBAC twice", configuration("v1", "{type: RBAC, name: rbac}, {type: RBAC, name: rbac}"), `authorizers[1].type: Duplicate value: "RBAC"`},
		{"RBAC misnamed", configuration("v1", "{type: RBAC, name: roles}"), "expected name rbac for authorizer RBAC instead of roles"},
		{"a webhook without a name", configuration("v1", "{type: Webhook, webhook: {"+complete+"}}"), "authorizers[0].name: Required value"},
		{"two webhooks of one name", configuration("v1", webhook(complete)+", "+webhook(complete)), `authorizers[1].name: Duplicate value: "hook"`},
		{"a webhook without its settings", configuration("v1", "{type: Webhook, name: hook}"), "authorizers[0].webhook: Required value: required when type=Webhook"},
		{"settings for another type", configuration("v1", "{type: RBAC, name: rbac, webhook: {"+complete+"}}"), `authorizers[0].webhook: Invalid value: "non-null": may only be specified when type=Webhook`},
		{"no timeout", configuration("v1", webhook("subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: InClusterConfig}")), "authorizers[0].timeout: Required value"},
		{"a long timeout", configuration("v1", webhook("timeout: 31s, subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: InClusterConfig}")), `authorizers[0].timeout: Invalid value: "31s": must be > 0s and <= 30s`},
		{"an unknown review version", configuration("v1", webhook("timeout: 3s, subjectAccessReviewVersion: v2, failurePolicy: Deny, connectionInfo: {type: InClusterConfig}")), `authorizers[0].subjectAccessReviewVersion: Unsupported value: "v2": supported values: "v1", "v1beta1"`},
		{"an unknown failure policy", configuration("v1", webhook("timeout: 3s, subjectAccessReviewVersion: v1, failurePolicy: Maybe, connectionInfo: {type: InClusterConfig}")), `authorizers[0].failurePolicy: Unsupported value: "Maybe": supported values: "NoOpinion", "Deny"`},
		{"a relative kubeconfig", configuration("v1", webhook("timeout: 3s, subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: KubeConfigFile, kubeConfigFile: webhook.kubeconfig}")), `authorizers[0].connectionInfo.kubeConfigFile: Invalid value: "webhook.kubeconfig": must be an absolute path`},
		{"conditions without their review version", configuration("v1", webhook(complete+", matchConditions: [{expression: 'true'}]")), "authorizers[0].matchConditionSubjectAccessReviewVersion: Required value: required if match conditions are specified"},
		{"a condition that does not compile", configuration("v1", webhook(complete+", matchConditionSubjectAccessReviewVersion: v1, matchConditions: [{expression: 'request.nobody'}]")), "authorizers[0].matchConditions[0].expression: Invalid value: \"request.nobody\": compilation failed: ERROR: <input>:1:8: undefined field 'nobody'\n | request.nobody\n | .......^"},
		{"another kind", "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthenticationConfiguration\n", "failed to load AuthorizationConfiguration from file: expected AuthorizationConfiguration, got *apiserver.AuthenticationConfiguration"},
		{"an unknown field", configuration("v1", "{type: RBAC, name: rbac, color: red}"), `failed to load AuthorizationConfiguration from file: strict decoding error: unknown field "authorizers[0].color"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := errorStrings(Config{ConfigFile: writeConfig(t, tt.data)}.Validate())
			want := []string{}
			if tt.want != "" {
				want = []string{tt.want}
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("errors (-want +got):\n%s", diff)
			}
		})
	}
	t.Run("a missing file", func(t *testing.T) {
		missing := filepath.Join(t.TempDir(), "authz.yaml")
		want := []string{"open " + missing + ": no such file or directory"}
		if diff := cmp.Diff(want, errorStrings(Config{ConfigFile: missing}.Validate())); diff != "" {
			t.Errorf("errors (-want +got):\n%s", diff)
		}
	})
}

// TestReloadKeepsRequiredTypes shows that a reload may not drop the RBAC, Node or ABAC authorizer of
// the configuration the server started with.
func TestReloadKeepsRequiredTypes(t *testing.T) {
	data := []byte("apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\nauthorizers: [{type: AlwaysAllow, name: alwaysallow}]\n")
	_, err := loadData(data, authorizationcel.NewDefaultCompiler(), sets.New[apiserver.AuthorizerType](ModeRBAC, ModeNode))
	if want := "missing required types: [Node RBAC]"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %q", err, want)
	}
}

// TestReload rewrites the configuration file of a running chain: a valid change replaces the chain,
// an invalid one keeps it. The webhook the reload adds is down and denies by its failure policy.
func TestReload(t *testing.T) {
	closed, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if err := closed.Close(); err != nil {
		t.Fatal(err)
	}
	kubeconfig := filepath.Join(t.TempDir(), "webhook.kubeconfig")
	if err := os.WriteFile(kubeconfig, []byte(fmt.Sprintf("apiVersion: v1\nkind: Config\nclusters: [{name: down, cluster: {server: 'https://%s'}}]\ncontexts: [{name: down, context: {cluster: down}}]\ncurrent-context: down\n", closed.Addr())), 0o600); err != nil {
		t.Fatal(err)
	}
	const header = "apiVersion: apiserver.config.k8s.io/v1\nkind: AuthorizationConfiguration\n"
	file := writeConfig(t, header+"authorizers: [{type: AlwaysDeny, name: alwaysdeny}]\n")
	authz, _, err := Config{ConfigFile: file}.New(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	attrs := authorizer.AttributesRecord{User: &user.DefaultInfo{Name: "bob"}, Verb: "get", Path: "/api"}
	if decision, reason, _ := authz.Authorize(context.Background(), attrs); decision != authorizer.DecisionNoOpinion || reason != "alwaysdeny: Everything is forbidden." {
		t.Fatalf("got %v %q, want AlwaysDeny's no opinion", decision, reason)
	}

	hook := fmt.Sprintf("{type: Webhook, name: down, webhook: {timeout: 3s, subjectAccessReviewVersion: v1, failurePolicy: Deny, connectionInfo: {type: KubeConfigFile, kubeConfigFile: %s}}}", kubeconfig)
	if err := os.WriteFile(file, []byte(header+"authorizers: ["+hook+", {type: AlwaysDeny, name: alwaysdeny}]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextTimeout(context.Background(), 10*time.Millisecond, 30*time.Second, true, func(ctx context.Context) (bool, error) {
		decision, _, _ := authz.Authorize(ctx, attrs)
		return decision == authorizer.DecisionDeny, nil
	})
	if err != nil {
		t.Fatal("the webhook the file added never denied")
	}

	before := failedReloads(t)
	if err := os.WriteFile(file, []byte(header+"authorizers: ["+hook+"]\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	err = wait.PollUntilContextTimeout(context.Background(), 10*time.Millisecond, 30*time.Second, true, func(context.Context) (bool, error) {
		return failedReloads(t) > before, nil
	})
	if err != nil {
		t.Fatal("dropping AlwaysDeny was never counted as a failed reload")
	}
	if decision, _, _ := authz.Authorize(context.Background(), attrs); decision != authorizer.DecisionDeny {
		t.Errorf("after a refused file the decision is %v, want the last good chain's deny", decision)
	}
}

// failedReloads is the count of refused reloads in the process's metrics.
func failedReloads(t *testing.T) float64 {
	t.Helper()
	families, err := legacyregistry.DefaultGatherer.Gather()
	if err != nil {
		t.Fatal(err)
	}
	var n float64
	for _, family := range families {
		if family.GetName() != "apiserver_authorization_config_controller_automatic_reloads_total" {
			continue
		}
		for _, m := range family.GetMetric() {
			for _, label := range m.GetLabel() {
				if label.GetName() == "status" && label.GetValue() == "failure" {
					n += m.GetCounter().GetValue()
				}
			}
		}
	}
	return n
}
