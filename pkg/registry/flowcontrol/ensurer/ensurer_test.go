package ensurer

import (
	"context"
	"testing"

	flowcontrolv1 "k8s.io/api/flowcontrol/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apiserver/pkg/apis/flowcontrol/bootstrap"
	"k8s.io/client-go/kubernetes/fake"
	"k8s.io/utils/ptr"
)

const autoUpdate = flowcontrolv1.AutoUpdateAnnotationKey

func TestEnsureCreatesTheBootstrapConfiguration(t *testing.T) {
	client := fake.NewClientset()
	if err := Ensure(context.Background(), client.FlowcontrolV1()); err != nil {
		t.Fatal(err)
	}
	fss, _ := client.FlowcontrolV1().FlowSchemas().List(context.Background(), metav1.ListOptions{})
	pls, _ := client.FlowcontrolV1().PriorityLevelConfigurations().List(context.Background(), metav1.ListOptions{})
	if got, want := len(fss.Items), len(bootstrap.MandatoryFlowSchemas)+len(bootstrap.SuggestedFlowSchemas); got != want {
		t.Errorf("created %d FlowSchemas, want %d", got, want)
	}
	if got, want := len(pls.Items), len(bootstrap.MandatoryPriorityLevelConfigurations)+len(bootstrap.SuggestedPriorityLevelConfigurations); got != want {
		t.Errorf("created %d PriorityLevelConfigurations, want %d", got, want)
	}
	for _, fs := range fss.Items {
		if fs.Annotations[autoUpdate] != "true" {
			t.Errorf("FlowSchema %s created with %s=%q, want true", fs.Name, autoUpdate, fs.Annotations[autoUpdate])
		}
	}
}

// priorityLevel is the bootstrap level name, as stored with generation and annotations, its limited
// shares changed to shares when that is not nil.
func priorityLevel(t *testing.T, name string, generation int64, annotations map[string]string, shares *int32) *flowcontrolv1.PriorityLevelConfiguration {
	t.Helper()
	for _, pl := range append(bootstrap.MandatoryPriorityLevelConfigurations, bootstrap.SuggestedPriorityLevelConfigurations...) {
		if pl.Name != name {
			continue
		}
		pl = pl.DeepCopy()
		pl.Generation, pl.Annotations = generation, annotations
		if shares != nil {
			pl.Spec.Limited.NominalConcurrencyShares = shares
		}
		return pl
	}
	t.Fatalf("no bootstrap priority level %s", name)
	return nil
}

func TestEnsureUpdatesWhatTheAnnotationAllows(t *testing.T) {
	ctx := context.Background()
	exempt := priorityLevel(t, "exempt", 3, map[string]string{autoUpdate: "false"}, nil)
	exempt.Spec.Exempt.NominalConcurrencyShares = ptr.To[int32](7)
	stored := []runtime.Object{
		// Mandatory: always the bootstrap spec and annotation, but exempt's own shares stay.
		priorityLevel(t, "catch-all", 4, map[string]string{autoUpdate: "false"}, ptr.To[int32](50)),
		exempt,
		// Suggested: the annotation decides; without one, generation 1 means never edited.
		priorityLevel(t, "global-default", 2, map[string]string{autoUpdate: "false"}, ptr.To[int32](99)),
		priorityLevel(t, "workload-high", 2, map[string]string{autoUpdate: "True"}, ptr.To[int32](99)),
		priorityLevel(t, "workload-low", 1, nil, ptr.To[int32](99)),
		priorityLevel(t, "system", 2, nil, ptr.To[int32](99)),
		// Not in this release's configuration: removed only when marked for auto-update.
		&flowcontrolv1.PriorityLevelConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "retired", Annotations: map[string]string{autoUpdate: "true"}}},
		&flowcontrolv1.PriorityLevelConfiguration{ObjectMeta: metav1.ObjectMeta{Name: "mine"}},
	}
	client := fake.NewClientset(stored...)
	if err := Ensure(ctx, client.FlowcontrolV1()); err != nil {
		t.Fatal(err)
	}
	pls := client.FlowcontrolV1().PriorityLevelConfigurations()
	for _, tc := range []struct {
		name       string
		annotation string
		shares     int32
	}{
		{"catch-all", "true", 5},
		{"global-default", "false", 99},
		{"workload-high", "True", 40},
		{"workload-low", "true", 100},
		{"system", "false", 99},
	} {
		pl, err := pls.Get(ctx, tc.name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got := pl.Annotations[autoUpdate]; got != tc.annotation {
			t.Errorf("%s has %s=%q, want %q", tc.name, autoUpdate, got, tc.annotation)
		}
		if got := *pl.Spec.Limited.NominalConcurrencyShares; got != tc.shares {
			t.Errorf("%s has nominalConcurrencyShares %d, want %d", tc.name, got, tc.shares)
		}
	}
	got, err := pls.Get(ctx, "exempt", metav1.GetOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if got.Annotations[autoUpdate] != "true" || *got.Spec.Exempt.NominalConcurrencyShares != 7 {
		t.Errorf("exempt has %s=%q and shares %d, want true and the operator's 7", autoUpdate, got.Annotations[autoUpdate], *got.Spec.Exempt.NominalConcurrencyShares)
	}
	if _, err := pls.Get(ctx, "retired", metav1.GetOptions{}); !apierrors.IsNotFound(err) {
		t.Errorf("retired auto-updated level: %v, want it removed", err)
	}
	if _, err := pls.Get(ctx, "mine", metav1.GetOptions{}); err != nil {
		t.Errorf("a level without the annotation: %v, want it kept", err)
	}
}

func TestEnsureLeavesCurrentObjectsAlone(t *testing.T) {
	ctx := context.Background()
	client := fake.NewClientset()
	if err := Ensure(ctx, client.FlowcontrolV1()); err != nil {
		t.Fatal(err)
	}
	client.ClearActions()
	if err := Ensure(ctx, client.FlowcontrolV1()); err != nil {
		t.Fatal(err)
	}
	for _, a := range client.Actions() {
		if a.GetVerb() != "get" && a.GetVerb() != "list" {
			t.Errorf("a second pass over a current configuration did %s %s", a.GetVerb(), a.GetResource().Resource)
		}
	}
}
