package integration

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	autoscalingv1 "k8s.io/api/autoscaling/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/kubernetes"
)

func hpaV2(name string) *autoscalingv2.HorizontalPodAutoscaler {
	return &autoscalingv2.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: autoscalingv2.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv2.CrossVersionObjectReference{Kind: "ReplicationController", Name: "web", APIVersion: "v1"},
			MaxReplicas:    5,
		},
	}
}

func hpaV1(name string) *autoscalingv1.HorizontalPodAutoscaler {
	return &autoscalingv1.HorizontalPodAutoscaler{
		ObjectMeta: metav1.ObjectMeta{Name: name},
		Spec: autoscalingv1.HorizontalPodAutoscalerSpec{
			ScaleTargetRef: autoscalingv1.CrossVersionObjectReference{Kind: "ReplicationController", Name: "web", APIVersion: "v1"},
			MaxReplicas:    5,
		},
	}
}

func clients(t *testing.T) map[string]kubernetes.Interface {
	return map[string]kubernetes.Interface{"json": jsonClient(t), "protobuf": protobufClient(t)}
}

// TestAutoscalingDefaults creates autoscalers naming only a target and a maximum, in JSON and
// protobuf, through both versions: minReplicas is 1, the metric is 80% CPU (which v1 shows as
// targetCPUUtilizationPercentage), the generation is 1, and a partial behavior is completed.
func TestAutoscalingDefaults(t *testing.T) {
	ctx := context.Background()
	createNamespace(t, jsonClient(t), "hpa-defaults")
	for protocol, client := range clients(t) {
		v2, err := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-defaults").Create(ctx, hpaV2("v2-"+protocol), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", protocol, err)
		}
		if v2.Spec.MinReplicas == nil || *v2.Spec.MinReplicas != 1 || v2.Generation != 1 || v2.Spec.Behavior != nil {
			t.Errorf("%s v2: minReplicas %v, generation %d, behavior %+v; want 1, 1, none", protocol, v2.Spec.MinReplicas, v2.Generation, v2.Spec.Behavior)
		}
		if m := v2.Spec.Metrics; len(m) != 1 || m[0].Type != autoscalingv2.ResourceMetricSourceType || m[0].Resource.Name != corev1.ResourceCPU ||
			m[0].Resource.Target.Type != autoscalingv2.UtilizationMetricType || *m[0].Resource.Target.AverageUtilization != 80 {
			t.Errorf("%s v2: metrics = %+v, want 80%% CPU utilization", protocol, m)
		}

		v1, err := client.AutoscalingV1().HorizontalPodAutoscalers("hpa-defaults").Create(ctx, hpaV1("v1-"+protocol), metav1.CreateOptions{})
		if err != nil {
			t.Fatalf("%s: %v", protocol, err)
		}
		if v1.Spec.MinReplicas == nil || *v1.Spec.MinReplicas != 1 || v1.Spec.TargetCPUUtilizationPercentage == nil || *v1.Spec.TargetCPUUtilizationPercentage != 80 || len(v1.Annotations) != 0 {
			t.Errorf("%s v1: minReplicas %v, targetCPUUtilizationPercentage %v, annotations %v; want 1, 80, none", protocol, v1.Spec.MinReplicas, v1.Spec.TargetCPUUtilizationPercentage, v1.Annotations)
		}
	}

	withBehavior := hpaV2("behavior")
	window := int32(60)
	withBehavior.Spec.Behavior = &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &window}}
	got, err := jsonClient(t).AutoscalingV2().HorizontalPodAutoscalers("hpa-defaults").Create(ctx, withBehavior, metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	up, down := got.Spec.Behavior.ScaleUp, got.Spec.Behavior.ScaleDown
	if up == nil || *up.StabilizationWindowSeconds != 0 || *up.SelectPolicy != autoscalingv2.MaxChangePolicySelect || !reflect.DeepEqual(up.Policies, []autoscalingv2.HPAScalingPolicy{
		{Type: autoscalingv2.PodsScalingPolicy, Value: 4, PeriodSeconds: 15}, {Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
	}) {
		t.Errorf("scaleUp = %+v, want upstream's defaults", up)
	}
	if *down.StabilizationWindowSeconds != 60 || *down.SelectPolicy != autoscalingv2.MaxChangePolicySelect || !reflect.DeepEqual(down.Policies, []autoscalingv2.HPAScalingPolicy{
		{Type: autoscalingv2.PercentScalingPolicy, Value: 100, PeriodSeconds: 15},
	}) {
		t.Errorf("scaleDown = %+v, want the 60s window kept and upstream's other defaults", down)
	}
}

// TestAutoscalingValidation checks the 422 causes of invalid autoscalers in both versions; v1
// errors name the v2 fields, as kube-apiserver's do.
func TestAutoscalingValidation(t *testing.T) {
	ctx := context.Background()
	createNamespace(t, jsonClient(t), "hpa-invalid")
	for protocol, client := range clients(t) {
		bad := hpaV2("bad")
		bad.Spec.ScaleTargetRef = autoscalingv2.CrossVersionObjectReference{Kind: "Deployment", Name: "web"}
		bad.Spec.MaxReplicas = 0
		zero := int32(0)
		bad.Spec.MinReplicas = &zero
		bad.Spec.Metrics = []autoscalingv2.MetricSpec{{Type: autoscalingv2.PodsMetricSourceType}}
		_, err := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-invalid").Create(ctx, bad, metav1.CreateOptions{})
		expectInvalid(t, err, "autoscaling", "HorizontalPodAutoscaler", "bad",
			`spec.scaleTargetRef.apiVersion: Invalid value: "": apiVersion must specify API group`,
			"spec.metrics[0].pods: Required value: must populate information for the given metric source",
			"spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas",
			"spec.minReplicas: Invalid value: 0: must be greater than or equal to 1",
			"spec.maxReplicas: Required value",
		)

		badV1 := hpaV1("bad-v1")
		badV1.Spec.MaxReplicas = -1
		badV1.Spec.TargetCPUUtilizationPercentage = &zero
		_, err = client.AutoscalingV1().HorizontalPodAutoscalers("hpa-invalid").Create(ctx, badV1, metav1.CreateOptions{})
		expectInvalid(t, err, "autoscaling", "HorizontalPodAutoscaler", "bad-v1",
			"spec.maxReplicas: Invalid value: -1: must be greater than or equal to `minReplicas`",
			"spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0",
			"spec.maxReplicas: Invalid value: -1: must be greater than or equal to 1",
		)
		_ = protocol
	}
}

// TestAutoscalingStatusAndGeneration checks the status subresource: it writes status only, the main
// resource leaves status alone, and only spec changes bump the generation.
func TestAutoscalingStatusAndGeneration(t *testing.T) {
	ctx := context.Background()
	client := protobufClient(t)
	createNamespace(t, client, "hpa-status")
	hpas := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-status")
	hpa, err := hpas.Create(ctx, hpaV2("web"), metav1.CreateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	hpa.Status.CurrentReplicas = 3
	hpa.Status.DesiredReplicas = 4
	hpa.Spec.MaxReplicas = 50
	hpa, err = hpas.UpdateStatus(ctx, hpa, metav1.UpdateOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if hpa.Status.CurrentReplicas != 3 || hpa.Spec.MaxReplicas != 5 || hpa.Generation != 1 {
		t.Errorf("after a status write: status %+v, maxReplicas %d, generation %d; want the status, 5, 1", hpa.Status, hpa.Spec.MaxReplicas, hpa.Generation)
	}

	hpa.Labels = map[string]string{"tier": "web"}
	hpa.Status.CurrentReplicas = 0
	if hpa, err = hpas.Update(ctx, hpa, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if hpa.Status.CurrentReplicas != 3 || hpa.Generation != 1 {
		t.Errorf("after a metadata update: currentReplicas %d, generation %d; want 3, 1", hpa.Status.CurrentReplicas, hpa.Generation)
	}
	hpa.Spec.MaxReplicas = 6
	if hpa, err = hpas.Update(ctx, hpa, metav1.UpdateOptions{}); err != nil {
		t.Fatal(err)
	}
	if hpa.Generation != 2 {
		t.Errorf("after a spec update: generation %d, want 2", hpa.Generation)
	}

	hpa.Status.DesiredReplicas = -1
	_, err = hpas.UpdateStatus(ctx, hpa, metav1.UpdateOptions{})
	expectInvalid(t, err, "autoscaling", "HorizontalPodAutoscaler", "web", "status.desiredReplicas: Invalid value: -1: must be greater than or equal to 0")

	// Server-side apply of the main resource leaves status to the status subresource.
	apply := []byte(`{"apiVersion":"autoscaling/v1","kind":"HorizontalPodAutoscaler","metadata":{"name":"web"},` +
		`"spec":{"scaleTargetRef":{"kind":"ReplicationController","name":"web","apiVersion":"v1"},"maxReplicas":7},"status":{"currentReplicas":99}}`)
	applied, err := client.AutoscalingV1().HorizontalPodAutoscalers("hpa-status").Patch(ctx, "web", types.ApplyPatchType, apply, metav1.PatchOptions{FieldManager: "tester", Force: ptr(true)})
	if err != nil {
		t.Fatal(err)
	}
	if applied.Spec.MaxReplicas != 7 || applied.Status.CurrentReplicas != 3 {
		t.Errorf("after an apply: maxReplicas %d, currentReplicas %d; want 7 and the status kept at 3", applied.Spec.MaxReplicas, applied.Status.CurrentReplicas)
	}
}

// TestAutoscalingRoundTrip writes autoscalers in one version and reads them in the other: what v1
// cannot express travels in upstream's annotations, survives a v1 update, and never shows in v2.
func TestAutoscalingRoundTrip(t *testing.T) {
	ctx := context.Background()
	createNamespace(t, jsonClient(t), "hpa-roundtrip")
	for protocol, client := range clients(t) {
		v1s := client.AutoscalingV1().HorizontalPodAutoscalers("hpa-roundtrip")
		v2s := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-roundtrip")

		// Created in v1, read in v2.
		created := hpaV1("from-v1-" + protocol)
		sixty := int32(60)
		created.Spec.TargetCPUUtilizationPercentage = &sixty
		if _, err := v1s.Create(ctx, created, metav1.CreateOptions{}); err != nil {
			t.Fatal(err)
		}
		v2, err := v2s.Get(ctx, created.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if m := v2.Spec.Metrics; len(m) != 1 || m[0].Resource == nil || m[0].Resource.Name != corev1.ResourceCPU || *m[0].Resource.Target.AverageUtilization != 60 || v2.Annotations != nil {
			t.Errorf("%s: v2 view of a v1 autoscaler: metrics %+v, annotations %v; want 60%% CPU, none", protocol, m, v2.Annotations)
		}

		// Created in v2, read and updated in v1, read in v2 again.
		rich := hpaV2("from-v2-" + protocol)
		memory := resource.MustParse("100Mi")
		window := int32(120)
		rich.Spec.Metrics = []autoscalingv2.MetricSpec{
			{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{Name: corev1.ResourceMemory, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.AverageValueMetricType, AverageValue: &memory}}},
			{Type: autoscalingv2.ResourceMetricSourceType, Resource: &autoscalingv2.ResourceMetricSource{Name: corev1.ResourceCPU, Target: autoscalingv2.MetricTarget{Type: autoscalingv2.UtilizationMetricType, AverageUtilization: &sixty}}},
		}
		rich.Spec.Behavior = &autoscalingv2.HorizontalPodAutoscalerBehavior{ScaleDown: &autoscalingv2.HPAScalingRules{StabilizationWindowSeconds: &window}}
		stored, err := v2s.Create(ctx, rich, metav1.CreateOptions{})
		if err != nil {
			t.Fatal(err)
		}
		v1, err := v1s.Get(ctx, rich.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if *v1.Spec.TargetCPUUtilizationPercentage != 60 {
			t.Errorf("%s: v1 targetCPUUtilizationPercentage = %d, want 60", protocol, *v1.Spec.TargetCPUUtilizationPercentage)
		}
		if got := v1.Annotations["autoscaling.alpha.kubernetes.io/metrics"]; got != `[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"100Mi"}}]` {
			t.Errorf("%s: metrics annotation = %s", protocol, got)
		}
		var behavior map[string]map[string]interface{}
		if err := json.Unmarshal([]byte(v1.Annotations["autoscaling.alpha.kubernetes.io/behavior"]), &behavior); err != nil ||
			behavior["ScaleDown"]["StabilizationWindowSeconds"] != float64(120) || behavior["ScaleUp"]["SelectPolicy"] != "Max" {
			t.Errorf("%s: behavior annotation = %s (%v), want upstream's untagged internal fields", protocol, v1.Annotations["autoscaling.alpha.kubernetes.io/behavior"], err)
		}
		v1.Spec.MaxReplicas = 8
		if _, err := v1s.Update(ctx, v1, metav1.UpdateOptions{}); err != nil {
			t.Fatal(err)
		}
		again, err := v2s.Get(ctx, rich.Name, metav1.GetOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if again.Spec.MaxReplicas != 8 || !reflect.DeepEqual(again.Spec.Metrics, stored.Spec.Metrics) || !reflect.DeepEqual(again.Spec.Behavior, stored.Spec.Behavior) || again.Annotations != nil {
			t.Errorf("%s: after a v1 update the v2 autoscaler is %+v, want maxReplicas 8 and metrics and behavior as created (%+v), no annotations", protocol, again.Spec, stored.Spec)
		}
		if again.Generation != 2 {
			t.Errorf("%s: generation after a v1 spec update = %d, want 2", protocol, again.Generation)
		}
	}
}

// TestAutoscalingTable checks `kubectl get hpa` columns and cells in both versions, and discovery's
// short name and category.
func TestAutoscalingTable(t *testing.T) {
	ctx := context.Background()
	client := jsonClient(t)
	createNamespace(t, client, "hpa-table")
	sixty := int32(60)
	hpa := hpaV1("web")
	hpa.Spec.TargetCPUUtilizationPercentage = &sixty
	if _, err := client.AutoscalingV1().HorizontalPodAutoscalers("hpa-table").Create(ctx, hpa, metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, version := range []string{"v1", "v2"} {
		cols, rows := tableCells(t, "/apis/autoscaling/"+version+"/namespaces/hpa-table/horizontalpodautoscalers", "")
		if want := []string{"Name", "Reference", "Targets", "MinPods", "MaxPods", "Replicas", "Age"}; !reflect.DeepEqual(cols, want) {
			t.Errorf("%s columns = %v, want %v", version, cols, want)
		}
		if len(rows) != 1 || !reflect.DeepEqual(rows[0][:6], []string{"web", "ReplicationController/web", "cpu: <unknown>/60%", "1", "5", "0"}) {
			t.Errorf("%s rows = %q", version, rows)
		}
	}

	// Like upstream, autoscalers are selectable by name and namespace only.
	byName, err := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-table").List(ctx, metav1.ListOptions{FieldSelector: "metadata.name=web"})
	if err != nil || len(byName.Items) != 1 {
		t.Errorf("list by metadata.name = %v, %v; want web", byName, err)
	}
	if _, err := client.AutoscalingV2().HorizontalPodAutoscalers("hpa-table").List(ctx, metav1.ListOptions{FieldSelector: "spec.maxReplicas=5"}); !apierrors.IsBadRequest(err) {
		t.Errorf("list by spec.maxReplicas: err = %v, want 400 BadRequest", err)
	}

	for _, version := range []string{"v1", "v2"} {
		resources, err := client.Discovery().ServerResourcesForGroupVersion("autoscaling/" + version)
		if err != nil {
			t.Fatal(err)
		}
		found := map[string]metav1.APIResource{}
		for _, r := range resources.APIResources {
			found[r.Name] = r
		}
		r := found["horizontalpodautoscalers"]
		if !reflect.DeepEqual(r.ShortNames, []string{"hpa"}) || !reflect.DeepEqual(r.Categories, []string{"all"}) || !r.Namespaced || r.Kind != "HorizontalPodAutoscaler" {
			t.Errorf("%s discovery = %+v", version, r)
		}
		if _, ok := found["horizontalpodautoscalers/status"]; !ok {
			t.Errorf("%s discovery lacks horizontalpodautoscalers/status", version)
		}
	}
	groups, err := client.Discovery().ServerGroups()
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range groups.Groups {
		if g.Name == "autoscaling" && g.PreferredVersion.Version != "v2" {
			t.Errorf("autoscaling preferred version = %s, want v2", g.PreferredVersion.Version)
		}
	}
}

// TestAutoscalingEtcd runs kapi on an etcd the test can read and checks that an autoscaler written
// through autoscaling/v1 is stored as autoscaling/v2 in protobuf under kube-apiserver's key.
func TestAutoscalingEtcd(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	etcd := startEtcd(t)
	kapi := startServer(t, "--etcd-servers="+etcd.ClientURLs()[0])
	client := kubernetes.NewForConfigOrDie(kapi.ClientConfig)
	createNamespace(t, client, "hpa-keys")
	if _, err := client.AutoscalingV1().HorizontalPodAutoscalers("hpa-keys").Create(ctx, hpaV1("web"), metav1.CreateOptions{}); err != nil {
		t.Fatal(err)
	}
	stored := &autoscalingv2.HorizontalPodAutoscaler{}
	readEtcd(t, ctx, etcdClient(t, etcd), "/registry/horizontalpodautoscalers/hpa-keys/web", stored)
	if stored.APIVersion != "autoscaling/v2" || stored.Kind != "HorizontalPodAutoscaler" {
		t.Errorf("stored as %s %s, want autoscaling/v2 HorizontalPodAutoscaler", stored.APIVersion, stored.Kind)
	}
	if m := stored.Spec.Metrics; len(m) != 1 || m[0].Resource == nil || *m[0].Resource.Target.AverageUtilization != 80 || stored.Annotations != nil {
		t.Errorf("stored spec %+v, annotations %v; want the 80%% CPU metric and no annotations", stored.Spec, stored.Annotations)
	}
}
