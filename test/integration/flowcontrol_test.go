package integration

import (
	"context"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	corev1 "k8s.io/api/core/v1"
	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	rbacv1 "k8s.io/api/rbac/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/client-go/dynamic"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"

	"github.com/kapi-dev/kapi/pkg/testserver"
)

// upstream's bootstrap configuration, by name.
var (
	bootstrapFlowSchemas = []string{
		"exempt", "catch-all", "system-nodes", "system-node-high", "probes", "system-leader-election",
		"kube-controller-manager", "kube-scheduler", "kube-system-service-accounts", "service-accounts", "global-default",
	}
	bootstrapPriorityLevels = []string{
		"exempt", "catch-all", "system", "node-high", "leader-election", "workload-high", "workload-low", "global-default",
	}
)

func TestFlowControlBootstrapConfiguration(t *testing.T) {
	ctx := context.Background()
	fc := jsonClient(t).FlowcontrolV1()
	eventually(t, func() error {
		fss, err := fc.FlowSchemas().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		pls, err := fc.PriorityLevelConfigurations().List(ctx, metav1.ListOptions{})
		if err != nil {
			return err
		}
		for _, name := range bootstrapFlowSchemas {
			if !slices.ContainsFunc(fss.Items, func(fs flowcontrolv1.FlowSchema) bool { return fs.Name == name }) {
				return fmt.Errorf("no FlowSchema %s", name)
			}
		}
		for _, name := range bootstrapPriorityLevels {
			if !slices.ContainsFunc(pls.Items, func(pl flowcontrolv1.PriorityLevelConfiguration) bool { return pl.Name == name }) {
				return fmt.Errorf("no PriorityLevelConfiguration %s", name)
			}
		}
		return nil
	})
	catchAll, err := fc.FlowSchemas().Get(ctx, "catch-all", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := catchAll.Annotations[flowcontrolv1.AutoUpdateAnnotationKey]; got != "true" {
		t.Errorf("catch-all has %s=%q, want true", flowcontrolv1.AutoUpdateAnnotationKey, got)
	}
	// The controller marks a schema whose priority level exists as not dangling.
	eventually(t, func() error {
		fs, err := fc.FlowSchemas().Get(ctx, "global-default", metav1.GetOptions{})
		if err != nil {
			return err
		}
		for _, c := range fs.Status.Conditions {
			if c.Type == flowcontrolv1.FlowSchemaConditionDangling && c.Status == flowcontrolv1.ConditionFalse {
				return nil
			}
		}
		return fmt.Errorf("global-default has conditions %v", fs.Status.Conditions)
	})

	names, _ := columnNames(t, jsonClient(t), "/apis/flowcontrol.apiserver.k8s.io/v1/flowschemas")
	if want := []string{"Name", "PriorityLevel", "MatchingPrecedence", "DistinguisherMethod", "Age", "MissingPL"}; !slices.Equal(names, want) {
		t.Errorf("flowschemas columns = %v, want %v", names, want)
	}
	names, _ = columnNames(t, jsonClient(t), "/apis/flowcontrol.apiserver.k8s.io/v1/prioritylevelconfigurations")
	if want := []string{"Name", "Type", "NominalConcurrencyShares", "Queues", "HandSize", "QueueLengthLimit", "Age"}; !slices.Equal(names, want) {
		t.Errorf("prioritylevelconfigurations columns = %v, want %v", names, want)
	}
}

func TestFlowControlValidationAndDefaults(t *testing.T) {
	ctx := context.Background()
	fc := jsonClient(t).FlowcontrolV1()
	pl, err := fc.PriorityLevelConfigurations().Create(ctx, &flowcontrolv1.PriorityLevelConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-defaults"},
		Spec: flowcontrolv1.PriorityLevelConfigurationSpec{
			Type: flowcontrolv1.PriorityLevelEnablementLimited,
			Limited: &flowcontrolv1.LimitedPriorityLevelConfiguration{LimitResponse: flowcontrolv1.LimitResponse{
				Type: flowcontrolv1.LimitResponseTypeQueue, Queuing: &flowcontrolv1.QueuingConfiguration{},
			}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fc.PriorityLevelConfigurations().Delete(ctx, pl.Name, metav1.DeleteOptions{}) })
	l := pl.Spec.Limited
	if *l.NominalConcurrencyShares != 30 || *l.LendablePercent != 0 || l.BorrowingLimitPercent != nil ||
		*l.LimitResponse.Queuing != (flowcontrolv1.QueuingConfiguration{Queues: 64, HandSize: 8, QueueLengthLimit: 50}) {
		t.Errorf("defaulted limited level = %+v, queuing %+v", l, l.LimitResponse.Queuing)
	}
	fs, err := fc.FlowSchemas().Create(ctx, &flowcontrolv1.FlowSchema{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-defaults"},
		Spec:       flowcontrolv1.FlowSchemaSpec{PriorityLevelConfiguration: flowcontrolv1.PriorityLevelConfigurationReference{Name: pl.Name}},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = fc.FlowSchemas().Delete(ctx, fs.Name, metav1.DeleteOptions{}) })
	if fs.Spec.MatchingPrecedence != 1000 || fs.Generation != 1 {
		t.Errorf("defaulted FlowSchema has matchingPrecedence %d, generation %d; want 1000, 1", fs.Spec.MatchingPrecedence, fs.Generation)
	}

	_, err = fc.FlowSchemas().Create(ctx, &flowcontrolv1.FlowSchema{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-invalid"},
		Spec: flowcontrolv1.FlowSchemaSpec{
			MatchingPrecedence:         10001,
			PriorityLevelConfiguration: flowcontrolv1.PriorityLevelConfigurationReference{Name: pl.Name},
			Rules:                      []flowcontrolv1.PolicyRulesWithSubjects{{}},
		},
	}, metav1.CreateOptions{})
	expectInvalid(t, err, flowcontrolv1.GroupName, "FlowSchema", "apf-invalid",
		"spec.matchingPrecedence: Invalid value: 10001: must not be greater than 10000",
		"spec.rules[0].subjects: Required value: subjects must contain at least one value",
		"spec.rules[0]: Required value: at least one of resourceRules and nonResourceRules has to be non-empty")

	catchAll, err := fc.PriorityLevelConfigurations().Get(ctx, "catch-all", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	*catchAll.Spec.Limited.NominalConcurrencyShares = 50
	_, err = fc.PriorityLevelConfigurations().Update(ctx, catchAll, metav1.UpdateOptions{})
	expectInvalidCause(t, err, "spec", metav1.CauseTypeFieldValueInvalid, "spec of 'catch-all' must equal the fixed value")
}

// TestFlowControlClassification checks the response headers that name a request's FlowSchema and
// priority level, and the debug dumps.
func TestFlowControlClassification(t *testing.T) {
	ctx := context.Background()
	fc := jsonClient(t).FlowcontrolV1()
	exemptFS, err := fc.FlowSchemas().Get(ctx, "exempt", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	exemptPL, err := fc.PriorityLevelConfigurations().Get(ctx, "exempt", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	resp := get(t, server.ClientConfig, "/api/v1/namespaces/default")
	if got := resp.Header.Get(flowcontrolv1.ResponseHeaderMatchedFlowSchemaUID); got != string(exemptFS.UID) {
		t.Errorf("the admin's request was classified by FlowSchema %q, want exempt's %q", got, exemptFS.UID)
	}
	if got := resp.Header.Get(flowcontrolv1.ResponseHeaderMatchedPriorityLevelConfigurationUID); got != string(exemptPL.UID) {
		t.Errorf("the admin's request went to priority level %q, want exempt's %q", got, exemptPL.UID)
	}
	expectReadyzChecks(t, server.ClientConfig, []string{"priority-and-fairness-config-producer", "priority-and-fairness-config-consumer", "priority-and-fairness-filter"}, []string{"max-in-flight-filter"})

	// Each dump is a table whose first column is the priority level; global-default queues.
	for _, dump := range []string{"dump_priority_levels", "dump_queues", "dump_requests"} {
		resp := get(t, server.ClientConfig, "/debug/api_priority_and_fairness/"+dump)
		body, _ := io.ReadAll(resp.Body)
		header, _, _ := strings.Cut(string(body), "\n")
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(header, "PriorityLevelName,") {
			t.Errorf("GET %s = %d with header %q, want 200 and a table of priority levels", dump, resp.StatusCode, header)
		}
		if dump != "dump_requests" && !strings.Contains(string(body), "\nglobal-default,") {
			t.Errorf("GET %s does not list global-default", dump)
		}
	}
}

// TestFlowControlBootstrapRestoredOnRestart edits the bootstrap configuration and restarts kapi on the
// same data: mandatory objects come back, suggested ones stay as an operator left them, and an object
// an earlier release auto-updated but this one does not suggest is removed.
func TestFlowControlBootstrapRestoredOnRestart(t *testing.T) {
	ctx := context.Background()
	dataDir := t.TempDir()
	first, err := testserver.Start(ctx, testserver.Options{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	fc := kubernetes.NewForConfigOrDie(first.ClientConfig).FlowcontrolV1()
	if err := fc.FlowSchemas().Delete(ctx, "catch-all", metav1.DeleteOptions{}); err != nil {
		t.Fatal(err)
	}
	exempt, err := fc.PriorityLevelConfigurations().Get(ctx, "exempt", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	exempt.Annotations[flowcontrolv1.AutoUpdateAnnotationKey] = "false"
	exempt.Spec.Exempt.NominalConcurrencyShares = ptr[int32](7)
	if _, err := fc.PriorityLevelConfigurations().Update(ctx, exempt, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	workloadLow, err := fc.PriorityLevelConfigurations().Get(ctx, "workload-low", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	workloadLow.Annotations[flowcontrolv1.AutoUpdateAnnotationKey] = "false"
	workloadLow.Spec.Limited.NominalConcurrencyShares = ptr[int32](99)
	if _, err := fc.PriorityLevelConfigurations().Update(ctx, workloadLow, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	for name, autoUpdate := range map[string]string{"retired-suggestion": "true", "operators-own": "false"} {
		_, err := fc.PriorityLevelConfigurations().Create(ctx, &flowcontrolv1.PriorityLevelConfiguration{
			ObjectMeta: metav1.ObjectMeta{Name: name, Annotations: map[string]string{flowcontrolv1.AutoUpdateAnnotationKey: autoUpdate}},
			Spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited, Limited: &flowcontrolv1.LimitedPriorityLevelConfiguration{
				LimitResponse: flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeReject},
			}},
		}, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := first.Stop(); err != nil {
		t.Fatal(err)
	}

	second, err := testserver.Start(ctx, testserver.Options{DataDir: dataDir})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = second.Stop() })
	// The server is ready only once the configuration producer has run.
	fc = kubernetes.NewForConfigOrDie(second.ClientConfig).FlowcontrolV1()
	if _, err := fc.FlowSchemas().Get(ctx, "catch-all", metav1.GetOptions{}); err != nil {
		t.Errorf("the deleted mandatory FlowSchema catch-all is not back: %v", err)
	}
	exempt, err = fc.PriorityLevelConfigurations().Get(ctx, "exempt", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := exempt.Annotations[flowcontrolv1.AutoUpdateAnnotationKey]; got != "true" {
		t.Errorf("mandatory exempt has %s=%q after restart, want true", flowcontrolv1.AutoUpdateAnnotationKey, got)
	}
	if got := *exempt.Spec.Exempt.NominalConcurrencyShares; got != 7 {
		t.Errorf("exempt's nominalConcurrencyShares = %d after restart, want the operator's 7", got)
	}
	workloadLow, err = fc.PriorityLevelConfigurations().Get(ctx, "workload-low", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got := *workloadLow.Spec.Limited.NominalConcurrencyShares; got != 99 {
		t.Errorf("workload-low's nominalConcurrencyShares = %d after restart, want the operator's 99", got)
	}
	if _, err := fc.PriorityLevelConfigurations().Get(ctx, "retired-suggestion", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("auto-updated retired-suggestion after restart: %v, want it removed", err)
	}
	if _, err := fc.PriorityLevelConfigurations().Get(ctx, "operators-own", metav1.GetOptions{}); err != nil {
		t.Errorf("operators-own after restart: %v, want it kept", err)
	}
}

// TestAPFRejectsFloodOfOneUser gives the user flooder a priority level of one seat that rejects what
// does not fit, holds that seat, and floods: flooder gets 429s, while another user and the health
// checks go through.
func TestAPFRejectsFloodOfOneUser(t *testing.T) {
	// Two seats in all: every limited level gets a concurrency limit of one.
	s := startServer(t, "--max-requests-inflight=1", "--max-mutating-requests-inflight=1")
	ctx := context.Background()
	fc := kubernetes.NewForConfigOrDie(s.ClientConfig).FlowcontrolV1()
	if _, err := fc.PriorityLevelConfigurations().Create(ctx, &flowcontrolv1.PriorityLevelConfiguration{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-tiny"},
		Spec: flowcontrolv1.PriorityLevelConfigurationSpec{Type: flowcontrolv1.PriorityLevelEnablementLimited, Limited: &flowcontrolv1.LimitedPriorityLevelConfiguration{
			NominalConcurrencyShares: ptr[int32](1),
			BorrowingLimitPercent:    ptr[int32](0),
			LimitResponse:            flowcontrolv1.LimitResponse{Type: flowcontrolv1.LimitResponseTypeReject},
		}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	fs, err := fc.FlowSchemas().Create(ctx, &flowcontrolv1.FlowSchema{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-flooder"},
		Spec: flowcontrolv1.FlowSchemaSpec{
			PriorityLevelConfiguration: flowcontrolv1.PriorityLevelConfigurationReference{Name: "apf-tiny"},
			MatchingPrecedence:         500,
			Rules: []flowcontrolv1.PolicyRulesWithSubjects{{
				Subjects: []flowcontrolv1.Subject{{Kind: flowcontrolv1.SubjectKindUser, User: &flowcontrolv1.UserSubject{Name: "flooder"}}},
				ResourceRules: []flowcontrolv1.ResourcePolicyRule{{
					Verbs: []string{"*"}, APIGroups: []string{"*"}, Resources: []string{"*"}, Namespaces: []string{"*"}, ClusterScope: true,
				}},
				NonResourceRules: []flowcontrolv1.NonResourcePolicyRule{{Verbs: []string{"*"}, NonResourceURLs: []string{"*"}}},
			}},
		},
	}, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	flooder := as(s.ClientConfig, "flooder")
	eventually(t, func() error {
		if got := get(t, flooder, "/version").Header.Get(flowcontrolv1.ResponseHeaderMatchedFlowSchemaUID); got != string(fs.UID) {
			return fmt.Errorf("flooder's request classified by %q, not yet by apf-flooder", got)
		}
		return nil
	})

	release := holdSeat(t, s, flooder)
	defer release()
	for i := 0; i < 20; i++ {
		resp := get(t, flooder, "/api/v1/namespaces")
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Fatalf("flooder's request %d = %d with Retry-After %q, want 429 with a Retry-After", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	// The bystander shares global-default's one seat with whatever else runs, so a moment's 429 is
	// fair; flooder's held seat must not keep it out.
	bystander := as(s.ClientConfig, "bystander")
	eventually(t, func() error {
		if resp := get(t, bystander, "/version"); resp.StatusCode != http.StatusOK {
			return fmt.Errorf("another user's request = %d while flooder is throttled, want 200", resp.StatusCode)
		}
		return nil
	})
	expectHealthy(t, s)
}

// TestPriorityAndFairnessDisabledHealthChecks turns APF off and fills the one read slot of the
// max-in-flight limiter: other reads get 429, the health checks still 200.
func TestPriorityAndFairnessDisabledHealthChecks(t *testing.T) {
	s := startServer(t, "--enable-priority-and-fairness=false", "--max-requests-inflight=1", "--max-mutating-requests-inflight=1")
	reader := as(s.ClientConfig, "reader")
	release := holdSeat(t, s, reader)
	defer release()
	resp := get(t, reader, "/version")
	if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
		t.Errorf("a read beyond --max-requests-inflight = %d with Retry-After %q, want 429 with a Retry-After", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	if got := resp.Header.Get(flowcontrolv1.ResponseHeaderMatchedFlowSchemaUID); got != "" {
		t.Errorf("with APF off a response names FlowSchema %q", got)
	}
	expectHealthy(t, s)
	// The configuration producer still runs: the flowcontrol API is served either way.
	expectReadyzChecks(t, s.ClientConfig, []string{"priority-and-fairness-config-producer", "max-in-flight-filter"}, []string{"priority-and-fairness-config-consumer", "priority-and-fairness-filter"})
}

// expectReadyzChecks checks which post-start hooks /readyz reports, as passing.
func expectReadyzChecks(t *testing.T, config *rest.Config, present, absent []string) {
	t.Helper()
	body, _ := io.ReadAll(get(t, config, "/readyz?verbose").Body)
	for _, hook := range present {
		if !strings.Contains(string(body), "[+]poststarthook/"+hook+" ok") {
			t.Errorf("/readyz does not report poststarthook/%s ok:\n%s", hook, body)
		}
	}
	for _, hook := range absent {
		if strings.Contains(string(body), "poststarthook/"+hook+" ") {
			t.Errorf("/readyz reports poststarthook/%s", hook)
		}
	}
}

// expectHealthy checks that anonymous health checks answer 200 while the limiter is full. Their
// individual checks are not for anonymous users (403, as upstream), but the limiter must not turn
// them away either.
func expectHealthy(t *testing.T, s *testserver.Server) {
	t.Helper()
	anonymous := rest.AnonymousClientConfig(s.ClientConfig)
	for i := 0; i < 5; i++ {
		for _, path := range []string{"/healthz", "/livez", "/readyz"} {
			if resp := get(t, anonymous, path); resp.StatusCode != http.StatusOK {
				t.Errorf("GET %s = %d while the limiter is full, want 200", path, resp.StatusCode)
			}
		}
		for _, path := range []string{"/readyz/ping", "/livez/etcd", "/healthz/log"} {
			if resp := get(t, anonymous, path); resp.StatusCode != http.StatusForbidden {
				t.Errorf("GET %s = %d while the limiter is full, want anonymous's 403", path, resp.StatusCode)
			}
		}
	}
}

// get sends a GET with config's credentials and returns the response, its body read and closed.
func get(t *testing.T, config *rest.Config, path string) *http.Response {
	t.Helper()
	httpClient, err := rest.HTTPClientFor(config)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := httpClient.Get(config.Host + path)
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	resp.Body = io.NopCloser(strings.NewReader(string(body)))
	return resp
}

// holdSeat makes user (a config from as) occupy one seat of the server's request limiter, and
// returns once it does: user reads a custom resource at a version that is not stored, and the
// conversion webhook answers that read only when release is called.
func holdSeat(t *testing.T, s *testserver.Server, user *rest.Config) (release func()) {
	t.Helper()
	ctx := context.Background()
	var holding atomic.Bool
	entered, unblock := make(chan struct{}, 1), make(chan struct{})
	webhook := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var review apiextensionsv1.ConversionReview
		if err := json.NewDecoder(r.Body).Decode(&review); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		if holding.Load() {
			entered <- struct{}{}
			<-unblock
		}
		converted := review.Request.Objects
		for i := range converted {
			var obj map[string]any
			_ = json.Unmarshal(converted[i].Raw, &obj)
			obj["apiVersion"] = review.Request.DesiredAPIVersion
			converted[i].Raw, _ = json.Marshal(obj)
		}
		review.Response = &apiextensionsv1.ConversionResponse{UID: review.Request.UID, ConvertedObjects: converted, Result: metav1.Status{Status: metav1.StatusSuccess}}
		review.Request = nil
		_ = json.NewEncoder(w).Encode(review)
	}))
	t.Cleanup(webhook.Close)
	createHoldResource(t, s, webhook)

	userHolds := dynamic.NewForConfigOrDie(user).Resource(schema.GroupVersionResource{Group: "apf.kapi.dev", Version: "v2", Resource: "holds"})
	// Until RBAC has seen the binding the read is refused before it reaches the webhook, which answers
	// at once while it is not holding.
	eventually(t, func() error {
		_, err := userHolds.Get(ctx, "seat", metav1.GetOptions{})
		return err
	})
	holding.Store(true)
	done := make(chan error, 1)
	go func() {
		_, err := userHolds.Get(ctx, "seat", metav1.GetOptions{})
		done <- err
	}()
	<-entered
	return func() {
		close(unblock)
		if err := <-done; err != nil {
			t.Errorf("the read that held a seat: %v", err)
		}
	}
}

// createHoldResource creates the cluster-scoped custom resource holds.apf.kapi.dev, stored as v1 and
// converted to v2 by webhook, an object of it named seat, and lets every user read it.
func createHoldResource(t *testing.T, s *testserver.Server, webhook *httptest.Server) {
	t.Helper()
	ctx := context.Background()
	schemaProps := &apiextensionsv1.CustomResourceValidation{OpenAPIV3Schema: &apiextensionsv1.JSONSchemaProps{Type: "object"}}
	url := webhook.URL
	crd := &apiextensionsv1.CustomResourceDefinition{
		ObjectMeta: metav1.ObjectMeta{Name: "holds.apf.kapi.dev"},
		Spec: apiextensionsv1.CustomResourceDefinitionSpec{
			Group: "apf.kapi.dev",
			Scope: apiextensionsv1.ClusterScoped,
			Names: apiextensionsv1.CustomResourceDefinitionNames{Plural: "holds", Singular: "hold", Kind: "Hold", ListKind: "HoldList"},
			Versions: []apiextensionsv1.CustomResourceDefinitionVersion{
				{Name: "v1", Served: true, Storage: true, Schema: schemaProps},
				{Name: "v2", Served: true, Schema: schemaProps},
			},
			Conversion: &apiextensionsv1.CustomResourceConversion{
				Strategy: apiextensionsv1.WebhookConverter,
				Webhook: &apiextensionsv1.WebhookConversion{
					ConversionReviewVersions: []string{"v1"},
					ClientConfig: &apiextensionsv1.WebhookClientConfig{
						URL:      &url,
						CABundle: pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: webhook.Certificate().Raw}),
					},
				},
			},
		},
	}
	if _, err := apiextensionsclient.NewForConfigOrDie(s.ClientConfig).ApiextensionsV1().CustomResourceDefinitions().Create(ctx, crd, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	holds := dynamic.NewForConfigOrDie(s.ClientConfig).Resource(schema.GroupVersionResource{Group: "apf.kapi.dev", Version: "v1", Resource: "holds"})
	eventually(t, func() error {
		_, err := holds.Create(ctx, &unstructured.Unstructured{Object: map[string]any{
			"apiVersion": "apf.kapi.dev/v1", "kind": "Hold", "metadata": map[string]any{"name": "seat"},
		}}, metav1.CreateOptions{})
		if apierrors.IsAlreadyExists(err) {
			return nil
		}
		return err
	})
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig).RbacV1()
	if _, err := admin.ClusterRoles().Create(ctx, &rbacv1.ClusterRole{
		ObjectMeta: metav1.ObjectMeta{Name: "hold-reader"},
		Rules:      []rbacv1.PolicyRule{{Verbs: []string{"get"}, APIGroups: []string{"apf.kapi.dev"}, Resources: []string{"holds"}}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := admin.ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "hold-reader"},
		RoleRef:    bindingTo("ClusterRole", "hold-reader"),
		Subjects:   []rbacv1.Subject{{Kind: rbacv1.GroupKind, APIGroup: rbacv1.GroupName, Name: "system:authenticated"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
}

// TestFlowControlEtcdKeys checks that the bootstrap configuration is stored under kube-apiserver's
// keys, and in the form it stores: protobuf, defaulted.
func TestFlowControlEtcdKeys(t *testing.T) {
	ctx := context.Background()
	etcd := startEtcd(t)
	startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	etcdClient := etcdClient(t, etcd)
	pl := &flowcontrolv1.PriorityLevelConfiguration{}
	readEtcd(t, ctx, etcdClient, "/registry/prioritylevelconfigurations/global-default", pl)
	if q := pl.Spec.Limited.LimitResponse.Queuing; q == nil || q.Queues != 128 || *pl.Spec.Limited.NominalConcurrencyShares != 20 {
		t.Errorf("stored global-default spec = %+v", pl.Spec.Limited)
	}
	fs := &flowcontrolv1.FlowSchema{}
	readEtcd(t, ctx, etcdClient, "/registry/flowschemas/exempt", fs)
	if fs.Spec.MatchingPrecedence != 1 || fs.Spec.PriorityLevelConfiguration.Name != "exempt" {
		t.Errorf("stored exempt FlowSchema spec = %+v", fs.Spec)
	}
}

// estimatedSeats is the sum of the seats APF has estimated for the requests of a priority level.
func estimatedSeats(t *testing.T, s *testserver.Server, level string) float64 {
	t.Helper()
	_, metrics := sendRaw(t, s.ClientConfig, "GET", "/metrics", "", nil)
	prefix := `apiserver_flowcontrol_work_estimated_seats_sum{flow_schema="` + level + `",priority_level="` + level + `"} `
	for _, line := range strings.Split(string(metrics), "\n") {
		if value, ok := strings.CutPrefix(line, prefix); ok {
			seats, err := strconv.ParseFloat(value, 64)
			if err != nil {
				t.Fatal(err)
			}
			return seats
		}
	}
	return 0
}

// TestAPFEstimatesListsBySize lists over a megabyte of ConfigMaps as an ordinary user once the
// server has counted them: APF estimates the LIST at several seats (one per 100 kB it expects to
// hold, ten at most), from the object count and sizes that the stores report, where a request it
// cannot estimate takes one.
func TestAPFEstimatesListsBySize(t *testing.T) {
	s := startServer(t, "--etcd-count-metric-poll-period=1s")
	ctx := context.Background()
	admin := kubernetes.NewForConfigOrDie(s.ClientConfig)
	if _, err := admin.RbacV1().ClusterRoleBindings().Create(ctx, &rbacv1.ClusterRoleBinding{
		ObjectMeta: metav1.ObjectMeta{Name: "apf-reader"},
		RoleRef:    rbacv1.RoleRef{APIGroup: rbacv1.GroupName, Kind: "ClusterRole", Name: "view"},
		Subjects:   []rbacv1.Subject{{APIGroup: rbacv1.GroupName, Kind: rbacv1.UserKind, Name: "reader"}},
	}, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	const configMaps = 60
	for i := range configMaps {
		cm := &corev1.ConfigMap{ObjectMeta: metav1.ObjectMeta{Name: fmt.Sprintf("big-%d", i)}, Data: map[string]string{"data": strings.Repeat("x", 20_000)}}
		if _, err := admin.CoreV1().ConfigMaps("default").Create(ctx, cm, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
	}
	eventually(t, func() error {
		_, metrics := sendRaw(t, s.ClientConfig, "GET", "/metrics", "", nil)
		for _, line := range strings.Split(string(metrics), "\n") {
			if value, ok := strings.CutPrefix(line, `apiserver_resource_objects{group="",resource="configmaps"} `); ok {
				if n, _ := strconv.Atoi(value); n >= configMaps {
					return nil
				}
			}
		}
		return fmt.Errorf("the server has not counted %d configmaps yet", configMaps)
	})

	reader := kubernetes.NewForConfigOrDie(as(s.ClientConfig, "reader"))
	before := estimatedSeats(t, s, "global-default")
	if _, err := reader.CoreV1().ConfigMaps("default").List(ctx, metav1.ListOptions{}); err != nil {
		t.Fatal(err)
	}
	if seats := estimatedSeats(t, s, "global-default") - before; seats < 5 || seats > 10 {
		t.Errorf("the list of %d ConfigMaps of 20 kB was estimated at %v seats, want 5 to 10", configMaps, seats)
	}
}
