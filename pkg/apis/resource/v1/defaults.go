/*
Copyright The kapi Authors.

Licensed under the Apache License, Version 2.0 (the "License");
you may not use this file except in compliance with the License.
You may obtain a copy of the License at

    http://www.apache.org/licenses/LICENSE-2.0

Unless required by applicable law or agreed to in writing, software
distributed under the License is distributed on an "AS IS" BASIS,
WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
See the License for the specific language governing permissions and
limitations under the License.
*/

package v1

import (
	"time"

	resourcev1 "k8s.io/api/resource/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// SetDefaults_ExactDeviceRequest asks for exactly one device unless told otherwise.
func SetDefaults_ExactDeviceRequest(obj *resourcev1.ExactDeviceRequest) {
	defaultAllocation(&obj.AllocationMode, &obj.Count)
}

// SetDefaults_DeviceSubRequest asks for exactly one device unless told otherwise, like a request.
func SetDefaults_DeviceSubRequest(obj *resourcev1.DeviceSubRequest) {
	defaultAllocation(&obj.AllocationMode, &obj.Count)
}

// defaultAllocation fills in the ExactCount mode and, for that mode only, a count of one: with
// All, a count would be meaningless and validation rejects it.
func defaultAllocation(mode *resourcev1.DeviceAllocationMode, count *int64) {
	if *mode == "" {
		*mode = resourcev1.DeviceAllocationModeExactCount
	}
	if *mode == resourcev1.DeviceAllocationModeExactCount && *count == 0 {
		*count = 1
	}
}

// SetDefaults_DeviceTaint records when a taint was added, to the second, so that tolerations with
// tolerationSeconds have a start time to count from.
func SetDefaults_DeviceTaint(obj *resourcev1.DeviceTaint) {
	if obj.TimeAdded == nil {
		obj.TimeAdded = &metav1.Time{Time: time.Now().Truncate(time.Second)}
	}
}
