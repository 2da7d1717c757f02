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
	certificatesv1 "k8s.io/api/certificates/v1"
	corev1 "k8s.io/api/core/v1"
)

// SetDefaults_CertificateSigningRequestCondition makes a condition without a status True: approving
// or denying with only a type and a reason means the request is approved or denied.
func SetDefaults_CertificateSigningRequestCondition(obj *certificatesv1.CertificateSigningRequestCondition) {
	if obj.Status == "" {
		obj.Status = corev1.ConditionTrue
	}
}
