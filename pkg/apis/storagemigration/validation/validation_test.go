package validation

import (
	"strings"
	"testing"

	storagemigrationv1 "k8s.io/api/storagemigration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/validation/field"
)

func messages(errs field.ErrorList) string {
	var out []string
	for _, e := range errs {
		out = append(out, e.Error())
	}
	return strings.Join(out, "\n")
}

func migration(group, resource string, conditions ...metav1.Condition) *storagemigrationv1.StorageVersionMigration {
	return &storagemigrationv1.StorageVersionMigration{
		ObjectMeta: metav1.ObjectMeta{Name: "m", ResourceVersion: "1"},
		Spec:       storagemigrationv1.StorageVersionMigrationSpec{Resource: metav1.GroupResource{Group: group, Resource: resource}},
		Status:     storagemigrationv1.StorageVersionMigrationStatus{Conditions: conditions},
	}
}

func condition(t storagemigrationv1.MigrationConditionType, status metav1.ConditionStatus) metav1.Condition {
	return metav1.Condition{Type: string(t), Status: status, Reason: "Test", LastTransitionTime: metav1.Now()}
}

func TestValidateStorageVersionMigration(t *testing.T) {
	if errs := ValidateStorageVersionMigration(migration("apps", "deployments")); len(errs) != 0 {
		t.Errorf("valid migration: %s", messages(errs))
	}
	if got, want := messages(ValidateStorageVersionMigration(migration("apps", ""))), "spec.resource.resource: Required value: resource is required"; got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}

func TestValidateStorageVersionMigrationUpdate(t *testing.T) {
	want := strings.Join([]string{
		`group: Invalid value: "batch": field is immutable`,
		`resource: Invalid value: "jobs": field is immutable`,
	}, "\n")
	if got := messages(ValidateStorageVersionMigrationUpdate(migration("batch", "jobs"), migration("apps", "deployments"))); got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}

func TestValidateStorageVersionMigrationStatusUpdate(t *testing.T) {
	running := condition(storagemigrationv1.MigrationRunning, metav1.ConditionTrue)
	succeeded := condition(storagemigrationv1.MigrationSucceeded, metav1.ConditionTrue)
	failed := condition(storagemigrationv1.MigrationFailed, metav1.ConditionTrue)
	notSucceeded := condition(storagemigrationv1.MigrationSucceeded, metav1.ConditionFalse)
	tests := []struct {
		name     string
		old, new *storagemigrationv1.StorageVersionMigration
		rv       string
		want     []string
	}{
		{"running", migration("apps", "deployments"), migration("apps", "deployments", running), "12", nil},
		{"succeeded while running", migration("apps", "deployments"), migration("apps", "deployments", running, succeeded), "", []string{
			"status.conditions: Invalid value: ",
			"Running condition cannot be true when success condition is true",
		}},
		{"succeeded and failed", migration("apps", "deployments"), migration("apps", "deployments", succeeded, failed), "", []string{
			"Both success and failed conditions cannot be true at the same time",
		}},
		{"success undone", migration("apps", "deployments", succeeded), migration("apps", "deployments", notSucceeded), "", []string{
			"Success condition cannot be set to false once it is true",
		}},
		{"resource version not a number", migration("apps", "deployments"), migration("apps", "deployments"), "x", []string{
			`status.resourceVersion: Invalid value: "x": failed to parse resource version "x": strconv.ParseInt: parsing "x": invalid syntax`,
		}},
		{"negative resource version", migration("apps", "deployments"), migration("apps", "deployments"), "-1", []string{
			"status.resourceVersion: Invalid value: -1: must be greater than or equal to 0",
		}},
		{"bad condition", migration("apps", "deployments"), migration("apps", "deployments", metav1.Condition{Type: "Running", Status: "Maybe"}), "", []string{
			`status.conditions[0].status: Unsupported value: "Maybe": supported values: "False", "True", "Unknown"`,
			"status.conditions[0].lastTransitionTime: Required value",
			"status.conditions[0].reason: Required value",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.new.Status.ResourceVersion = tt.rv
			got := messages(ValidateStorageVersionMigrationStatusUpdate(tt.new, tt.old))
			if len(tt.want) == 0 && got != "" {
				t.Errorf("errors:\n%s\nwant none", got)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("errors:\n%s\nwant one with %q", got, w)
				}
			}
		})
	}
	old := migration("apps", "deployments")
	old.Status.ResourceVersion = "12"
	updated := migration("apps", "deployments")
	updated.Status.ResourceVersion = "13"
	if got, want := messages(ValidateStorageVersionMigrationStatusUpdate(updated, old)), `status.resourceVersion: Invalid value: "13": field is immutable`; got != want {
		t.Errorf("errors:\n%s\nwant:\n%s", got, want)
	}
}
